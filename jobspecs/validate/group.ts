/**
 * Validation of one task group: count, tasks, ephemeral disk vs logs, networks/ports, services,
 * policies, volumes, lifecycle/leader rules.
 */
import type { Job, TaskGroup } from '../../api/structs/job.js';
import type { IssueSink } from './issues.js';
import { checkName, duplicates } from './names.js';
import { portLabelsOf, validateNetworks, validateServices } from './network.js';
import { validateAffinities, validateConstraints, validateSpreads } from './placement.js';
import { validateMigrate, validateReschedule, validateRestart, validateUpdate } from './policies.js';
import { validateTask } from './task.js';

/** validateGroup checks one group of `job`. */
export function validateGroup(sink: IssueSink, tg: TaskGroup, job: Job): void {
  checkName(sink, 'group name', tg.Name, 'Name', { allowSpaces: true });
  if (tg.Count < 0) sink.error(`count must not be negative, got ${tg.Count}`, 'Count');
  if ((job.Type === 'system' || job.Type === 'sysbatch') && tg.Count > 1) sink.error(`${job.Type} jobs run one allocation per node: count must be 0 or 1, got ${tg.Count}`, 'Count');
  if (tg.Tasks.length === 0) sink.error('group has no tasks', 'Tasks');
  for (const dup of duplicates(tg.Tasks.map((t) => t.Name))) sink.error(`task "${dup}" is defined twice`, 'Tasks');
  const leaders = tg.Tasks.filter((t) => t.Leader).length;
  if (leaders > 1) sink.error(`only one task may be the leader, found ${leaders}`, 'Tasks');
  if (tg.Tasks.length > 0 && tg.Tasks.every((t) => t.Lifecycle !== undefined && !t.Lifecycle.Sidecar)) {
    sink.error('group needs at least one main task (a task without lifecycle, or a sidecar)', 'Tasks');
  }

  const logMB = tg.Tasks.reduce((sum, t) => sum + (t.LogConfig.Disabled === true ? 0 : t.LogConfig.MaxFiles * t.LogConfig.MaxFileSizeMB), 0);
  if (tg.EphemeralDisk.SizeMB <= 0) sink.at('EphemeralDisk').error('ephemeral_disk size must be greater than zero', 'SizeMB');
  else if (logMB >= tg.EphemeralDisk.SizeMB) {
    sink.at('EphemeralDisk').error(`log storage (${logMB} MB) must be less than the ephemeral disk (${tg.EphemeralDisk.SizeMB} MB)`, 'SizeMB');
  }

  const labels = new Set<string>();
  validateNetworks(sink, tg.Networks, labels);
  tg.Tasks.forEach((t, i) => validateNetworks(sink.at('Tasks', i, `task "${t.Name}"`).at('Resources'), t.Resources.Networks, labels));
  const groupPorts = new Set(portLabelsOf(tg.Networks));
  validateServices(sink, tg.Services, groupPorts);

  validateRestart(sink.at('RestartPolicy'), tg.RestartPolicy);
  if (tg.ReschedulePolicy !== undefined) validateReschedule(sink.at('ReschedulePolicy'), tg.ReschedulePolicy);
  if (tg.Update !== undefined) {
    if (job.Type !== 'service' && job.Type !== 'system') sink.error(`the update block is only valid for service and system jobs, not ${job.Type}`, 'Update');
    else validateUpdate(sink.at('Update'), tg.Update);
  }
  if (tg.Migrate !== undefined) {
    if (job.Type !== 'service') sink.error('the migrate block is only valid for service jobs', 'Migrate');
    else validateMigrate(sink.at('Migrate'), tg.Migrate);
  }
  validateConstraints(sink, tg.Constraints);
  validateAffinities(sink, tg.Affinities);
  validateSpreads(sink, tg.Spreads);
  if (job.Type === 'system' && (tg.Affinities?.length ?? 0) > 0) sink.error('system jobs may not have an affinity block', 'Affinities');
  if (job.Type === 'system' && (tg.Spreads?.length ?? 0) > 0) sink.error('system jobs may not have a spread block', 'Spreads');

  const volumes = new Set(Object.keys(tg.Volumes ?? {}));
  tg.Tasks.forEach((task, i) => {
    const knownPorts = new Set([...groupPorts, ...portLabelsOf(task.Resources.Networks)]);
    validateTask(sink.at('Tasks', i, `task "${task.Name}"`), task, volumes, knownPorts);
  });
}
