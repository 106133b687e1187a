/**
 * Policy blocks: `restart`, `reschedule`, `update`, `migrate`, `disconnect`, `ephemeral_disk`,
 * `logs`, `lifecycle`. Defaults are documented here and applied by jobspecs/canonicalize/.
 */
import { bool, dur, field, int, str, type BlockSpec } from '../spec.js';

/** restartBlock is the group/task `restart` block (client-side restarts of a failed task). */
export const restartBlock = {
  name: 'restart',
  doc: 'How the client restarts a task that exits; a task-level block merges over the group one.',
  fields: [
    field('attempts', 'Attempts', int(0), 'Restarts allowed within `interval`.', 'service/system 2, batch/sysbatch 3'),
    field('interval', 'Interval', dur, 'Window in which `attempts` are counted.', 'service/system 30m, batch/sysbatch 24h'),
    field('delay', 'Delay', dur, 'Wait before restarting the task.', '15s'),
    field('mode', 'Mode', str(['fail', 'delay']), 'What happens once attempts are used up: `fail` the task or `delay` until the interval ends.', 'fail'),
    field('render_templates', 'RenderTemplates', bool, 'Re-render templates when the task restarts.', 'false'),
  ],
} satisfies BlockSpec;

/** rescheduleBlock is the job/group `reschedule` block (server-side replacement on another node). */
export const rescheduleBlock = {
  name: 'reschedule',
  doc: 'How the scheduler replaces a failed allocation on another node (service and batch jobs only).',
  fields: [
    field('attempts', 'Attempts', int(0), 'Reschedules allowed within `interval` (ignored when `unlimited`).', 'service 0, batch 1'),
    field('interval', 'Interval', dur, 'Window in which `attempts` are counted (min 15s).', 'service 0, batch 24h'),
    field('delay', 'Delay', dur, 'Initial wait before rescheduling (min 5s).', 'service 30s, batch 5s'),
    field('delay_function', 'DelayFunction', str(['constant', 'exponential', 'fibonacci']), 'How the delay grows between attempts.', 'service exponential, batch constant'),
    field('max_delay', 'MaxDelay', dur, 'Upper bound of the delay.', 'service 1h, batch 0'),
    field('unlimited', 'Unlimited', bool, 'Reschedule without limit.', 'service true, batch false'),
  ],
} satisfies BlockSpec;

/** updateBlock is the job/group `update` block (rolling updates and canaries). */
export const updateBlock = {
  name: 'update',
  doc: 'Rolling update and canary strategy (service and system jobs only); a job-level block is merged into every group.',
  fields: [
    field('max_parallel', 'MaxParallel', int(0), 'Allocations updated at once; 0 disables deployments.', '1'),
    field('health_check', 'HealthCheck', str(['checks', 'task_states', 'manual']), 'How allocation health is decided.', 'checks'),
    field('min_healthy_time', 'MinHealthyTime', dur, 'How long an allocation must be healthy before it counts.', '10s'),
    field('healthy_deadline', 'HealthyDeadline', dur, 'Deadline for an allocation to become healthy.', '5m'),
    field('progress_deadline', 'ProgressDeadline', dur, 'Deadline for the deployment to make progress; 0 fails on the first unhealthy allocation.', '10m'),
    field('auto_revert', 'AutoRevert', bool, 'Roll back to the last stable version when the deployment fails.', 'false'),
    field('auto_promote', 'AutoPromote', bool, 'Promote the deployment once all canaries are healthy.', 'false'),
    field('canary', 'Canary', int(0), 'Number of canary allocations (a percentage for system jobs).', '0'),
    field('stagger', 'Stagger', dur, 'Delay between migrations (legacy).', '30s'),
  ],
} satisfies BlockSpec;

/** migrateBlock is the job/group `migrate` block used when a node is drained (service jobs). */
export const migrateBlock = {
  name: 'migrate',
  doc: 'How allocations move off a draining node (service jobs only).',
  fields: [
    field('max_parallel', 'MaxParallel', int(0), 'Allocations migrated at once.', '1'),
    field('health_check', 'HealthCheck', str(['checks', 'task_states']), 'How health of the replacement is decided.', 'checks'),
    field('min_healthy_time', 'MinHealthyTime', dur, 'How long a replacement must be healthy.', '10s'),
    field('healthy_deadline', 'HealthyDeadline', dur, 'Deadline for a replacement to become healthy.', '5m'),
  ],
} satisfies BlockSpec;

/** disconnectBlock is the group `disconnect` block (client disconnect handling). */
export const disconnectBlock = {
  name: 'disconnect',
  doc: 'What happens to allocations when their client loses contact with the servers.',
  fields: [
    field('lost_after', 'LostAfter', dur, 'How long a disconnected allocation stays `unknown` before it is `lost`.'),
    field('replace', 'Replace', bool, 'Place a replacement while the original is unknown.', 'true'),
    field('reconcile', 'Reconcile', str(['best_score', 'keep_original', 'keep_replacement', 'longest_running']), 'Which allocation survives when the client reconnects.', 'best_score'),
    field('stop_on_client_after', 'StopOnClientAfter', dur, 'The client stops the allocation after this long without the servers.'),
  ],
} satisfies BlockSpec;

/** ephemeralDiskBlock is the group `ephemeral_disk` block. */
export const ephemeralDiskBlock = {
  name: 'ephemeral_disk',
  doc: 'The scratch disk shared by the tasks of a group.',
  fields: [
    field('size', 'SizeMB', int(0), 'Size in MB; must exceed the log space of all tasks.', '300'),
    field('sticky', 'Sticky', bool, 'Prefer the same node on update so the data is kept.', 'false'),
    field('migrate', 'Migrate', bool, 'Copy the data to the new node on update (best effort).', 'false'),
  ],
} satisfies BlockSpec;

/** logsBlock is the task `logs` block. */
export const logsBlock = {
  name: 'logs',
  doc: 'Rotation of the task\'s stdout/stderr files.',
  fields: [
    field('max_files', 'MaxFiles', int(1), 'Rotated files kept per stream.', '10'),
    field('max_file_size', 'MaxFileSizeMB', int(1), 'Size of one file in MB.', '10'),
    field('disabled', 'Disabled', bool, 'Do not collect logs.', 'false'),
    field('enabled', 'Enabled', bool, 'Deprecated inverse of `disabled` (Nomad < 1.6 jobs).'),
  ],
} satisfies BlockSpec;

/** lifecycleBlock is the task `lifecycle` block. */
export const lifecycleBlock = {
  name: 'lifecycle',
  doc: 'Runs the task before (prestart), after (poststart) or after the end of (poststop) the main tasks.',
  fields: [
    field('hook', 'Hook', str(['prestart', 'poststart', 'poststop']), 'When the task runs.'),
    field('sidecar', 'Sidecar', bool, 'Keep the task running for the whole life of the allocation.', 'false'),
  ],
} satisfies BlockSpec;
