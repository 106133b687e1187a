/**
 * Validation of restart, reschedule, update and migrate policies (Nomad's *.Validate rules).
 */
import type { MigrateStrategy, ReschedulePolicy, RestartPolicy, UpdateStrategy } from '../../api/structs/job.js';
import { formatDuration } from '../decode/duration.js';
import type { IssueSink } from './issues.js';

const SECOND = 1e9;
/** Minimums from Nomad: restart interval 5s, reschedule interval 15s and delay 5s. */
export const RESTART_MIN_INTERVAL = 5 * SECOND;
export const RESCHEDULE_MIN_INTERVAL = 15 * SECOND;
export const RESCHEDULE_MIN_DELAY = 5 * SECOND;

/** validateRestart: mode, attempts vs mode, minimum interval, attempts x delay fits the interval. */
export function validateRestart(sink: IssueSink, r: RestartPolicy): void {
  if (r.Mode !== 'fail' && r.Mode !== 'delay') sink.error(`restart mode must be "fail" or "delay", got "${String(r.Mode)}"`, 'Mode');
  if (r.Attempts < 0) sink.error('restart attempts must not be negative', 'Attempts');
  if (r.Attempts === 0 && r.Mode !== 'fail') sink.error(`restart policy "${r.Mode}" with 0 attempts is ambiguous`, 'Mode');
  if (r.Interval < RESTART_MIN_INTERVAL) sink.error(`restart interval can not be less than ${formatDuration(RESTART_MIN_INTERVAL)}`, 'Interval');
  if (r.Attempts * r.Delay > r.Interval) {
    sink.error(`restart policy can't restart ${r.Attempts} times in an interval of ${formatDuration(r.Interval)} with a delay of ${formatDuration(r.Delay)}`, 'Interval');
  }
}

/** validateReschedule: minimum delay/interval, delay function, max delay for growing delays. */
export function validateReschedule(sink: IssueSink, r: ReschedulePolicy): void {
  if (!['constant', 'exponential', 'fibonacci'].includes(r.DelayFunction)) {
    sink.error(`reschedule delay_function must be constant, exponential or fibonacci, got "${String(r.DelayFunction)}"`, 'DelayFunction');
  }
  if (r.Attempts < 0) sink.error('reschedule attempts must not be negative', 'Attempts');
  const active = r.Unlimited || r.Attempts > 0;
  if (!active) return;
  if (r.Delay < RESCHEDULE_MIN_DELAY) sink.error(`reschedule delay must be at least ${formatDuration(RESCHEDULE_MIN_DELAY)}`, 'Delay');
  if (!r.Unlimited && r.Interval < RESCHEDULE_MIN_INTERVAL) sink.error(`reschedule interval must be at least ${formatDuration(RESCHEDULE_MIN_INTERVAL)}`, 'Interval');
  if (r.DelayFunction !== 'constant' && r.MaxDelay < r.Delay) {
    sink.error(`reschedule max_delay (${formatDuration(r.MaxDelay)}) must be at least delay (${formatDuration(r.Delay)}) with delay_function "${r.DelayFunction}"`, 'MaxDelay');
  }
}

/** validateUpdate: health check kind, deadlines ordering, canary/auto_promote. */
export function validateUpdate(sink: IssueSink, u: UpdateStrategy): void {
  if (!['checks', 'task_states', 'manual'].includes(u.HealthCheck)) sink.error(`update health_check must be checks, task_states or manual, got "${String(u.HealthCheck)}"`, 'HealthCheck');
  if (u.MaxParallel < 0) sink.error('update max_parallel must not be negative', 'MaxParallel');
  if (u.Canary < 0) sink.error('update canary must not be negative', 'Canary');
  if (u.Stagger <= 0) sink.error('update stagger must be greater than zero', 'Stagger');
  if (u.MinHealthyTime < 0) sink.error('update min_healthy_time must not be negative', 'MinHealthyTime');
  if (u.HealthyDeadline <= 0) sink.error('update healthy_deadline must be greater than zero', 'HealthyDeadline');
  if (u.ProgressDeadline < 0) sink.error('update progress_deadline must not be negative', 'ProgressDeadline');
  if (u.MinHealthyTime >= u.HealthyDeadline) sink.error(`update min_healthy_time (${formatDuration(u.MinHealthyTime)}) must be less than healthy_deadline (${formatDuration(u.HealthyDeadline)})`, 'MinHealthyTime');
  if (u.ProgressDeadline !== 0 && u.HealthyDeadline >= u.ProgressDeadline) {
    sink.error(`update healthy_deadline (${formatDuration(u.HealthyDeadline)}) must be less than progress_deadline (${formatDuration(u.ProgressDeadline)})`, 'HealthyDeadline');
  }
  if (u.AutoPromote && u.Canary === 0) sink.error('update auto_promote requires canary > 0', 'AutoPromote');
}

/** validateMigrate: health check kind and deadlines. */
export function validateMigrate(sink: IssueSink, m: MigrateStrategy): void {
  if (m.HealthCheck !== 'checks' && m.HealthCheck !== 'task_states') sink.error(`migrate health_check must be checks or task_states, got "${String(m.HealthCheck)}"`, 'HealthCheck');
  if (m.MaxParallel < 0) sink.error('migrate max_parallel must not be negative', 'MaxParallel');
  if (m.MinHealthyTime >= m.HealthyDeadline) sink.error('migrate min_healthy_time must be less than healthy_deadline', 'MinHealthyTime');
}
