/**
 * validateJob: semantic validation of a canonical job. Returns every issue found (never throws
 * for a bad job), each located by JSON path; `errors` make the job unacceptable.
 */
import type { Job } from '../../api/structs/job.js';
import type { JSONSchema7 } from '../../plugins/json-schema.js';
import { validateDriverConfigs } from './driver-config.js';
import { IssueSink, type ValidationIssue } from './issues.js';
import { checkName, duplicates } from './names.js';
import { validateParameterized, validatePeriodic } from './periodic.js';
import { validateAffinities, validateConstraints, validateSpreads } from './placement.js';
import { validateGroup } from './group.js';

/** Priority bounds (Nomad JobDefaultMaxPriority). */
export const MIN_PRIORITY = 1;
export const MAX_PRIORITY = 100;

/** ValidateJobOptions: optional knowledge the caller has beyond the job itself. */
export interface ValidateJobOptions {
  /** Task config schemas by driver name (DriverPlugin.taskConfigSchema); unknown drivers are skipped. */
  driverConfigSchemas?: Readonly<Record<string, JSONSchema7>>;
}

/** validateJob returns all issues of a canonical job (empty = valid). */
export function validateJob(job: Job, opts: ValidateJobOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const sink = IssueSink.root(issues);
  checkName(sink, 'job ID', job.ID, 'ID', { allowSlash: true });
  checkName(sink, 'job name', job.Name, 'Name', { allowSpaces: true, allowSlash: true });
  if (job.Region === '') sink.error('missing region', 'Region');
  if (job.Namespace === '') sink.error('missing namespace', 'Namespace');
  if (!Number.isInteger(job.Priority) || job.Priority < MIN_PRIORITY || job.Priority > MAX_PRIORITY) {
    sink.error(`priority must be within ${MIN_PRIORITY}..${MAX_PRIORITY}, got ${job.Priority}`, 'Priority');
  }
  if (job.Datacenters.some((dc) => dc === '')) sink.error('datacenters must not contain an empty name', 'Datacenters');
  if (job.TaskGroups.length === 0) sink.error('job has no task groups', 'TaskGroups');
  for (const dup of duplicates(job.TaskGroups.map((g) => g.Name))) sink.error(`group "${dup}" is defined twice`, 'TaskGroups');

  const batchLike = job.Type === 'batch' || job.Type === 'sysbatch';
  // The job-level update is merged into every group, where it is validated; Nomad itself keeps
  // only the legacy Stagger/MaxParallel at job level (its JSON output has zero deadlines there).
  if (job.Update !== undefined && job.Type !== 'service' && job.Type !== 'system') {
    sink.error(`the update block is only valid for service and system jobs, not ${job.Type}`, 'Update');
  }
  if (job.Periodic !== undefined) {
    if (!batchLike) sink.error(`periodic is only valid for batch and sysbatch jobs, not ${job.Type}`, 'Periodic');
    validatePeriodic(sink.at('Periodic'), job.Periodic);
  }
  if (job.ParameterizedJob !== undefined) {
    if (!batchLike) sink.error(`parameterized is only valid for batch and sysbatch jobs, not ${job.Type}`, 'ParameterizedJob');
    validateParameterized(sink.at('ParameterizedJob'), job.ParameterizedJob);
  }
  validateConstraints(sink, job.Constraints);
  validateAffinities(sink, job.Affinities);
  validateSpreads(sink, job.Spreads);
  if (job.Type === 'system' && (job.Affinities?.length ?? 0) > 0) sink.error('system jobs may not have an affinity block', 'Affinities');
  if (job.Type === 'system' && (job.Spreads?.length ?? 0) > 0) sink.error('system jobs may not have a spread block', 'Spreads');
  job.TaskGroups.forEach((tg, i) => validateGroup(sink.at('TaskGroups', i, `group "${tg.Name}"`), tg, job));
  if (opts.driverConfigSchemas !== undefined) issues.push(...validateDriverConfigs(job, opts.driverConfigSchemas));
  return issues;
}

/** validationErrors keeps only the issues that make a job unacceptable. */
export function validationErrors(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((i) => i.severity === 'error');
}
