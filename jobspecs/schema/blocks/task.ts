/**
 * The `task` block: one unit of work run by a driver.
 */
import { bool, dur, field, freeform, many, one, str, strMap, type BlockSpec, type JsonObject, type JsonValue, type FinishContext } from '../spec.js';
import { affinityBlock, constraintBlock } from './placement.js';
import { lifecycleBlock, logsBlock, restartBlock } from './policies.js';
import { resourcesBlock } from './resources.js';
import { serviceBlock } from './service.js';
import {
  actionBlock, artifactBlock, consulBlock, csiPluginBlock, dispatchPayloadBlock, identityBlock, secretBlock,
  scheduleBlock, taskScalingBlock, templateBlock, vaultBlock, volumeMountBlock,
} from './task-parts.js';

/** splitIdentities: an `identity` without `name` is the default identity, the others are named. */
function splitIdentities(task: JsonObject, ctx: FinishContext): void {
  const identities = task.identity;
  delete task.identity;
  if (!Array.isArray(identities)) return;
  const named: JsonValue[] = [];
  for (const identity of identities) {
    const id = identity as JsonObject;
    if (id.Name === undefined || id.Name === 'default') {
      if (task.Identity !== undefined) {
        ctx.fail('a task has at most one default identity (an identity block without name)');
        return;
      }
      task.Identity = id;
    } else {
      named.push(id);
    }
  }
  if (named.length > 0) task.Identities = named;
}

/** taskBlock is `task "name" { driver, config, resources, ... }`. */
export const taskBlock = {
  name: 'task',
  doc: 'A unit of work (a process, container or VM) run by a driver.',
  label: { json: 'Name', what: 'task name' },
  requiredJson: ['Name'],
  fields: [
    field(undefined, 'Name', str(), 'Task name, unique in the group.'),
    field('driver', 'Driver', str(), 'Driver that runs the task: docker, exec, raw_exec, qemu, ...'),
    field('user', 'User', str(), 'User the task runs as.'),
    field('config', 'Config', freeform, 'Driver-specific configuration, checked against the driver\'s schema.'),
    field('constraint', 'Constraints', many(constraintBlock), 'Placement constraints.'),
    field('affinity', 'Affinities', many(affinityBlock), 'Placement preferences.'),
    field('env', 'Env', strMap, 'Environment variables.'),
    field('service', 'Services', many(serviceBlock), 'Services of the task.'),
    field('resources', 'Resources', one(resourcesBlock), 'CPU, memory and devices.'),
    field('restart', 'RestartPolicy', one(restartBlock), 'Restart policy (merged over the group\'s).'),
    field('meta', 'Meta', strMap, 'Metadata (`NOMAD_META_<key>`).'),
    field('kill_timeout', 'KillTimeout', dur, 'Time between the kill signal and a forced kill.', '5s'),
    field('kill_signal', 'KillSignal', str(), 'Signal sent to stop the task.', 'SIGINT (docker: SIGTERM)'),
    field('logs', 'LogConfig', one(logsBlock), 'Log rotation.'),
    field('artifact', 'Artifacts', many(artifactBlock), 'Downloads before start.'),
    field('vault', 'Vault', one(vaultBlock), 'Vault token.'),
    field('consul', 'Consul', one(consulBlock), 'Consul cluster and namespace.'),
    field('template', 'Templates', many(templateBlock), 'Rendered files.'),
    field('dispatch_payload', 'DispatchPayload', one(dispatchPayloadBlock), 'Where the dispatch payload goes.'),
    field('volume_mount', 'VolumeMounts', many(volumeMountBlock), 'Volume mounts.'),
    field('csi_plugin', 'CSIPluginConfig', one(csiPluginBlock), 'CSI plugin declaration.'),
    field('leader', 'Leader', bool, 'When the leader task exits, the other tasks are stopped.', 'false'),
    field('shutdown_delay', 'ShutdownDelay', dur, 'Delay between deregistering services and killing the task.', '0'),
    field('lifecycle', 'Lifecycle', one(lifecycleBlock), 'Prestart/poststart/poststop hook.'),
    field('kind', 'Kind', str(), 'Internal kind of injected tasks (e.g. connect-proxy:<service>).'),
    field('scaling', 'ScalingPolicies', many(taskScalingBlock), 'Vertical scaling policies (`scaling "cpu"`, `scaling "mem"`).'),
    field('secret', 'Secrets', many(secretBlock), 'Secrets fetched before start.'),
    field('identity', undefined, many(identityBlock), 'Workload identities; becomes Identity (default) and Identities in JSON.'),
    field(undefined, 'Identity', one(identityBlock), 'The default workload identity.'),
    field(undefined, 'Identities', many(identityBlock), 'Named workload identities.'),
    field('action', 'Actions', many(actionBlock), 'Named commands users can run in the task.'),
    field('schedule', 'Schedule', one(scheduleBlock), 'Time window in which the task may run.'),
  ],
  finish: splitIdentities,
} satisfies BlockSpec;
