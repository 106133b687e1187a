/**
 * Task sub-blocks: `template`, `artifact`, `vault`, `consul`, `identity`, `volume_mount`,
 * `csi_plugin`, `secret`, `action`, `dispatch_payload`, `scaling`.
 */
import { bool, dur, field, freeform, int, one, str, strList, strMap, type BlockSpec } from '../spec.js';

/** changeScriptBlock is the template `change_script` block. */
export const changeScriptBlock = {
  name: 'change_script',
  doc: 'Script run inside the task when the template changes (`change_mode = "script"`).',
  fields: [
    field('command', 'Command', str(), 'Command.'),
    field('args', 'Args', strList, 'Arguments.'),
    field('timeout', 'Timeout', dur, 'Timeout.', '5s'),
    field('fail_on_error', 'FailOnError', bool, 'Kill the task when the script fails.', 'false'),
  ],
} satisfies BlockSpec;

/** templateWaitBlock is the template `wait` block. */
export const templateWaitBlock = {
  name: 'wait',
  doc: 'Quiescence timers before rendering.',
  fields: [field('min', 'Min', dur, 'Minimum wait.'), field('max', 'Max', dur, 'Maximum wait.')],
} satisfies BlockSpec;

/** templateBlock renders a file from Consul, Vault, Drover variables or services. */
export const templateBlock = {
  name: 'template',
  doc: 'Renders a file for the task (consul-template syntax) and reacts to changes.',
  fields: [
    field('source', 'SourcePath', str(), 'Template file path (relative to the task dir).'),
    field('destination', 'DestPath', str(), 'Where the rendered file is written.'),
    field('data', 'EmbeddedTmpl', { kind: 'string', maxLength: 1048576 }, 'The template text inline.'),
    field('change_mode', 'ChangeMode', str(['noop', 'restart', 'signal', 'script']), 'What happens when the rendered file changes.', 'restart'),
    field('change_signal', 'ChangeSignal', str(), 'Signal sent with `change_mode = "signal"`.'),
    field('change_script', 'ChangeScript', one(changeScriptBlock), 'Script run with `change_mode = "script"`.'),
    field('splay', 'Splay', dur, 'Random wait before the change action.', '5s'),
    field('perms', 'Perms', str(), 'File mode of the rendered file.', '0644'),
    field('uid', 'Uid', int(), 'Owner uid.'),
    field('gid', 'Gid', int(), 'Owner gid.'),
    field('left_delimiter', 'LeftDelim', str(), 'Left delimiter.', '{{'),
    field('right_delimiter', 'RightDelim', str(), 'Right delimiter.', '}}'),
    field('env', 'Envvars', bool, 'Parse the rendered file as KEY=value and add it to the task environment.', 'false'),
    field('wait', 'Wait', one(templateWaitBlock), 'Quiescence timers.'),
    field('error_on_missing_key', 'ErrMissingKey', bool, 'Fail on a missing map key.', 'false'),
    field('once', 'Once', bool, 'Render once and never re-render.', 'false'),
    field('vault_grace', 'VaultGrace', dur, 'Deprecated and ignored (accepted for old jobs).'),
  ],
} satisfies BlockSpec;

/** artifactBlock downloads a file or archive into the task dir. */
export const artifactBlock = {
  name: 'artifact',
  doc: 'Downloads a file or archive (go-getter syntax) before the task starts.',
  fields: [
    field('source', 'GetterSource', str(), 'URL to download.'),
    field('destination', 'RelativeDest', str(), 'Destination relative to the task dir.', 'local/'),
    field('mode', 'GetterMode', str(['any', 'file', 'dir']), 'Download mode.', 'any'),
    field('options', 'GetterOptions', strMap, 'go-getter options (checksum, archive, ...).'),
    field('headers', 'GetterHeaders', strMap, 'HTTP headers.'),
    field('chown', 'Chown', bool, 'Chown the download to the task user.', 'false'),
  ],
} satisfies BlockSpec;

/** vaultBlock gives the task a Vault token through workload identity. */
export const vaultBlock = {
  name: 'vault',
  doc: 'Gives the task a Vault token (workload identity).',
  fields: [
    field('role', 'Role', str(), 'Vault JWT auth role.'),
    field('namespace', 'Namespace', str(), 'Vault namespace.'),
    field('cluster', 'Cluster', str(), 'Vault cluster.', 'default'),
    field('change_mode', 'ChangeMode', str(['noop', 'restart', 'signal']), 'What happens when the token changes.', 'restart'),
    field('change_signal', 'ChangeSignal', str(), 'Signal for `change_mode = "signal"`.'),
    field('env', 'Env', bool, 'Expose the token as VAULT_TOKEN.', 'true'),
    field('disable_file', 'DisableFile', bool, 'Do not write secrets/vault_token.', 'false'),
    field('allow_token_expiration', 'AllowTokenExpiration', bool, 'Let the token expire instead of renewing it.', 'false'),
    field('policies', 'Policies', strList, 'Legacy Vault policies (token workflow, removed in Nomad 1.10); accepted and ignored.'),
  ],
} satisfies BlockSpec;

/** consulBlock selects the Consul cluster/namespace of a group or task. */
export const consulBlock = {
  name: 'consul',
  doc: 'Consul cluster, namespace and admin partition used by the group or task.',
  fields: [
    field('cluster', 'Cluster', str(), 'Consul cluster name.', 'default'),
    field('namespace', 'Namespace', str(), 'Consul namespace.'),
    field('partition', 'Partition', str(), 'Consul admin partition.'),
  ],
} satisfies BlockSpec;

/** identityBlock is a workload identity (JWT) of the task. */
export const identityBlock = {
  name: 'identity',
  doc: 'A workload identity (signed JWT) for the task; without `name` it is the default identity.',
  fields: [
    field('name', 'Name', str(), 'Identity name (e.g. `vault_default`); omit for the default identity.', 'default'),
    field('aud', 'Audience', strList, 'JWT audience.'),
    field('env', 'Env', bool, 'Expose as NOMAD_TOKEN_<name>.'),
    field('file', 'File', bool, 'Write to secrets/nomad_<name>.jwt.'),
    field('filepath', 'Filepath', str(), 'Custom file path.'),
    field('ttl', 'TTL', dur, 'Lifetime of the token.'),
    field('change_mode', 'ChangeMode', str(['noop', 'restart', 'signal']), 'What happens when the token is renewed.'),
    field('change_signal', 'ChangeSignal', str(), 'Signal for `change_mode = "signal"`.'),
    field(undefined, 'ServiceName', str(), 'Service the identity belongs to (set by the server for service identities).'),
  ],
} satisfies BlockSpec;

/** volumeMountBlock mounts a group volume into the task. */
export const volumeMountBlock = {
  name: 'volume_mount',
  doc: 'Mounts a volume requested by the group into the task.',
  fields: [
    field('volume', 'Volume', str(), 'Label of the group `volume` block.'),
    field('destination', 'Destination', str(), 'Mount path inside the task.'),
    field('read_only', 'ReadOnly', bool, 'Mount read-only.', 'false'),
    field('propagation_mode', 'PropagationMode', str(['private', 'host-to-task', 'bidirectional']), 'Mount propagation.', 'private'),
    field('selinux_label', 'SELinuxLabel', str(), 'SELinux label (`z` or `Z`).'),
  ],
} satisfies BlockSpec;

/** csiPluginBlock declares that the task is a CSI plugin. */
export const csiPluginBlock = {
  name: 'csi_plugin',
  doc: 'Marks the task as a CSI storage plugin.',
  fields: [
    field('id', 'ID', str(), 'Plugin ID.'),
    field('type', 'Type', str(['node', 'controller', 'monolith']), 'Plugin type.'),
    field('mount_dir', 'MountDir', str(), 'Directory the plugin serves its socket in.', '/csi'),
    field('stage_publish_base_dir', 'StagePublishBaseDir', str(), 'Base directory for staged/published volumes.'),
    field('health_timeout', 'HealthTimeout', dur, 'Time to wait for the plugin to become healthy.', '30s'),
  ],
} satisfies BlockSpec;

/** secretBlock fetches a secret for the task from a secrets provider. */
export const secretBlock = {
  name: 'secret',
  doc: 'A secret fetched from a provider (`nomad`, `vault`, or a plugin) before the task starts.',
  label: { json: 'Name', what: 'secret name' },
  fields: [
    field(undefined, 'Name', str(), 'Secret name (`${secret.<name>.<key>}`).'),
    field('provider', 'Provider', str(), 'Secrets provider.'),
    field('path', 'Path', str(), 'Path of the secret in the provider.'),
    field('config', 'Config', freeform, 'Provider-specific configuration.'),
    field('env', 'Env', strMap, 'Environment for a plugin provider.'),
  ],
} satisfies BlockSpec;

/** actionBlock is a named command users can run in the task (`drover action`). */
export const actionBlock = {
  name: 'action',
  doc: 'A named command users can run inside the running task.',
  label: { json: 'Name', what: 'action name' },
  fields: [
    field(undefined, 'Name', str(), 'Action name.'),
    field('command', 'Command', str(), 'Command.'),
    field('args', 'Args', strList, 'Arguments.'),
  ],
} satisfies BlockSpec;

/** dispatchPayloadBlock writes a dispatched job's payload into the task dir. */
export const dispatchPayloadBlock = {
  name: 'dispatch_payload',
  doc: 'Writes the dispatch payload of a parameterized job to `local/<file>`.',
  fields: [field('file', 'File', str(), 'File name under local/.')],
} satisfies BlockSpec;

/** scalingBlock is a group (horizontal) or task (`scaling "cpu"`/`"mem"`, vertical) scaling policy. */
export const scalingBlock = {
  name: 'scaling',
  doc: 'A scaling policy read by the autoscaler; `min`/`max` bound `count` (group) or resources (task).',
  fields: [
    field('min', 'Min', int(0), 'Lower bound (group: default `count`).'),
    field('max', 'Max', int(0), 'Upper bound.'),
    field('enabled', 'Enabled', bool, 'Whether the autoscaler acts on the policy.', 'true'),
    field('policy', 'Policy', freeform, 'Autoscaler policy (free form).'),
    field(undefined, 'Type', str(), 'horizontal, vertical_cpu or vertical_mem.'),
  ],
} satisfies BlockSpec;

/** taskScalingBlock is `scaling "cpu"` / `scaling "mem"` in a task. */
export const taskScalingBlock = {
  ...scalingBlock,
  label: { json: 'Type', what: 'scaling target ("cpu" or "mem")' },
  finish: (s, ctx) => {
    if (s.Type === 'cpu') s.Type = 'vertical_cpu';
    else if (s.Type === 'mem') s.Type = 'vertical_mem';
    else ctx.fail(`task scaling label must be "cpu" or "mem", got "${String(s.Type)}"`);
  },
} satisfies BlockSpec;


/** scheduleCronBlock is the `cron` block of a task schedule. */
export const scheduleCronBlock = {
  name: 'cron',
  doc: 'A daily window in which the task may run.',
  fields: [
    field('start', 'Start', str(), 'Cron expression of the window start.'),
    field('end', 'End', str(), 'Time of day the window ends (`HH:MM`).'),
    field('timezone', 'Timezone', str(), 'IANA time zone of the window.', 'UTC'),
  ],
} satisfies BlockSpec;

/** scheduleBlock is the task `schedule` block (run only inside a time window). */
export const scheduleBlock = {
  name: 'schedule',
  doc: 'Runs the task only inside a time window (Nomad Enterprise feature; accepted and stored).',
  fields: [field('cron', 'Cron', one(scheduleCronBlock), 'The time window.')],
} satisfies BlockSpec;
