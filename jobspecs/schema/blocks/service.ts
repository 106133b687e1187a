/**
 * The `service` block (+ `check`, `check_restart`, `connect` basics, tagged addresses).
 */
import { bool, dur, field, freeform, int, many, one, str, strList, strListMap, strMap, type BlockSpec } from '../spec.js';
import { logsBlock } from './policies.js';
import { resourcesBlock } from './resources.js';
import { identityBlock } from './task-parts.js';

/** checkRestartBlock restarts a task whose check stays unhealthy. */
export const checkRestartBlock = {
  name: 'check_restart',
  doc: 'Restarts the task when a check fails `limit` times in a row.',
  fields: [
    field('limit', 'Limit', int(0), 'Consecutive failures before a restart; 0 disables.', '0'),
    field('grace', 'Grace', dur, 'Wait after a (re)start before checks count.', '1s'),
    field('ignore_warnings', 'IgnoreWarnings', bool, 'Treat `warning` as passing.', 'false'),
  ],
} satisfies BlockSpec;

/** checkBlock is a service health check. */
export const checkBlock = {
  name: 'check',
  doc: 'A health check of the service (http, tcp, grpc or script).',
  fields: [
    field('name', 'Name', str(), 'Check name.', 'service-<service name>-check'),
    field('type', 'Type', str(['http', 'tcp', 'grpc', 'script']), 'Kind of check.'),
    field('command', 'Command', str(), 'Command of a script check.'),
    field('args', 'Args', strList, 'Arguments of a script check.'),
    field('path', 'Path', str(), 'HTTP path of an http check.'),
    field('protocol', 'Protocol', str(['http', 'https']), 'Protocol of an http check.', 'http'),
    field('port', 'PortLabel', str(), 'Port label (or number) to check.', 'the service port'),
    field('expose', 'Expose', bool, 'Expose the check through the Connect proxy.'),
    field('address_mode', 'AddressMode', str(['alloc', 'driver', 'host']), 'Which address to check.', 'host'),
    field('interval', 'Interval', dur, 'Time between checks.'),
    field('timeout', 'Timeout', dur, 'Timeout of one check.'),
    field('initial_status', 'InitialStatus', str(['passing', 'warning', 'critical']), 'Status before the first check.'),
    field('tls_server_name', 'TLSServerName', str(), 'SNI of https checks.'),
    field('tls_skip_verify', 'TLSSkipVerify', bool, 'Skip certificate verification of https checks.'),
    field('header', 'Header', strListMap, 'HTTP headers sent by http checks.'),
    field('method', 'Method', str(), 'HTTP method of http checks.', 'GET'),
    field('body', 'Body', str(), 'HTTP body of http checks.'),
    field('check_restart', 'CheckRestart', one(checkRestartBlock), 'Restart the task when this check fails.'),
    field('grpc_service', 'GRPCService', str(), 'gRPC service of grpc checks.'),
    field('grpc_use_tls', 'GRPCUseTLS', bool, 'Use TLS for grpc checks.'),
    field('task', 'TaskName', str(), 'Task whose environment runs a script check of a group service.'),
    field('success_before_passing', 'SuccessBeforePassing', int(0), 'Consecutive successes before passing.'),
    field('failures_before_critical', 'FailuresBeforeCritical', int(0), 'Consecutive failures before critical.'),
    field('failures_before_warning', 'FailuresBeforeWarning', int(0), 'Consecutive failures before warning.'),
    field('on_update', 'OnUpdate', str(['require_healthy', 'ignore_warnings', 'ignore']), 'How the check affects deployment health.', 'require_healthy'),
    field('notes', 'Notes', str(), 'Free text shown with the check.'),
  ],
} satisfies BlockSpec;

/** upstreamBlock is a Connect upstream. */
export const upstreamBlock = {
  name: 'upstreams',
  doc: 'A service this service talks to through the sidecar proxy.',
  fields: [
    field('destination_name', 'DestinationName', str(), 'Name of the upstream service.'),
    field('destination_namespace', 'DestinationNamespace', str(), 'Consul namespace of the upstream.'),
    field('local_bind_port', 'LocalBindPort', int(0, 65535), 'Local port the proxy listens on for this upstream.'),
    field('local_bind_address', 'LocalBindAddress', str(), 'Local address the proxy listens on.'),
    field('datacenter', 'Datacenter', str(), 'Datacenter of the upstream.'),
  ],
} satisfies BlockSpec;

/** proxyBlock is the sidecar `proxy` block. */
export const proxyBlock = {
  name: 'proxy',
  doc: 'Configuration of the Connect sidecar proxy.',
  fields: [
    field('local_service_address', 'LocalServiceAddress', str(), 'Address the proxy forwards to.'),
    field('local_service_port', 'LocalServicePort', int(0, 65535), 'Port the proxy forwards to.'),
    field('upstreams', 'Upstreams', many(upstreamBlock), 'Upstream services.'),
    field('config', 'Config', freeform, 'Proxy-specific configuration.'),
  ],
} satisfies BlockSpec;

/** sidecarServiceBlock registers the Connect sidecar service. */
export const sidecarServiceBlock = {
  name: 'sidecar_service',
  doc: 'Runs a Connect sidecar proxy for this service.',
  fields: [
    field('port', 'Port', str(), 'Port label of the proxy.'),
    field('tags', 'Tags', strList, 'Tags of the sidecar service.'),
    field('disable_default_tcp_check', 'DisableDefaultTCPCheck', bool, 'Do not add the default TCP check.'),
    field('meta', 'Meta', strMap, 'Metadata of the sidecar service.'),
    field('proxy', 'Proxy', one(proxyBlock), 'Proxy configuration.'),
  ],
} satisfies BlockSpec;

/** sidecarTaskBlock overrides the injected proxy task. */
export const sidecarTaskBlock = {
  name: 'sidecar_task',
  doc: 'Overrides of the injected sidecar proxy task.',
  fields: [
    field('name', 'Name', str(), 'Task name.'),
    field('driver', 'Driver', str(), 'Driver.', 'docker'),
    field('user', 'User', str(), 'User.'),
    field('config', 'Config', freeform, 'Driver configuration.'),
    field('env', 'Env', strMap, 'Environment.'),
    field('resources', 'Resources', one(resourcesBlock), 'Resources.'),
    field('meta', 'Meta', strMap, 'Metadata.'),
    field('kill_timeout', 'KillTimeout', dur, 'Kill timeout.'),
    field('kill_signal', 'KillSignal', str(), 'Kill signal.'),
    field('shutdown_delay', 'ShutdownDelay', dur, 'Shutdown delay.'),
    field('logs', 'LogConfig', one(logsBlock), 'Log rotation.'),
  ],
} satisfies BlockSpec;

/** connectBlock is the service `connect` block (Consul service mesh basics). */
export const connectBlock = {
  name: 'connect',
  doc: 'Consul Connect (service mesh) integration.',
  fields: [
    field('native', 'Native', bool, 'The task speaks Connect natively; no sidecar.'),
    field('sidecar_service', 'SidecarService', one(sidecarServiceBlock), 'Sidecar service.'),
    field('sidecar_task', 'SidecarTask', one(sidecarTaskBlock), 'Sidecar task overrides.'),
  ],
} satisfies BlockSpec;

/** weightsBlock is the Consul DNS SRV weights of a service. */
export const weightsBlock = {
  name: 'weights',
  doc: 'DNS SRV weights.',
  fields: [
    field('passing', 'Passing', int(1), 'Weight when passing.'),
    field('warning', 'Warning', int(1), 'Weight when warning.'),
  ],
} satisfies BlockSpec;

/** serviceBlock is a group or task `service` block. */
export const serviceBlock = {
  name: 'service',
  doc: 'Registers the task or group in service discovery (Consul or Drover\'s own catalog).',
  fields: [
    field('name', 'Name', str(), 'Service name; may use `${JOB}`, `${TASKGROUP}`, `${TASK}`.', '<job>-<group>-<task>'),
    field('port', 'PortLabel', str(), 'Port label (or number) advertised.'),
    field('tags', 'Tags', strList, 'Tags.'),
    field('canary_tags', 'CanaryTags', strList, 'Tags used while the allocation is a canary.'),
    field('enable_tag_override', 'EnableTagOverride', bool, 'Let Consul anti-entropy keep external tag changes.'),
    field('address_mode', 'AddressMode', str(['alloc', 'auto', 'driver', 'host']), 'Which address is advertised.', 'auto'),
    field('address', 'Address', str(), 'Explicit address to advertise.'),
    field('task', 'TaskName', str(), 'Task a group service belongs to (script checks).'),
    field('meta', 'Meta', strMap, 'Service metadata.'),
    field('canary_meta', 'CanaryMeta', strMap, 'Metadata used while the allocation is a canary.'),
    field('tagged_addresses', 'TaggedAddresses', strMap, 'Extra addresses, e.g. `wan`.'),
    field('check', 'Checks', many(checkBlock), 'Health checks.'),
    field('check_restart', 'CheckRestart', one(checkRestartBlock), 'Default check_restart of all checks.'),
    field('connect', 'Connect', one(connectBlock), 'Consul Connect.'),
    field('on_update', 'OnUpdate', str(['require_healthy', 'ignore_warnings', 'ignore']), 'How checks affect deployment health.', 'require_healthy'),
    field('provider', 'Provider', str(['consul', 'nomad']), 'Where the service is registered: Consul or Drover\'s catalog (`nomad`).', 'consul'),
    field('cluster', 'Cluster', str(), 'Consul cluster.', 'default'),
    field('weights', 'Weights', one(weightsBlock), 'DNS SRV weights.'),
    field('identity', 'Identity', one(identityBlock), 'Workload identity used to register the service in Consul.'),
  ],
} satisfies BlockSpec;
