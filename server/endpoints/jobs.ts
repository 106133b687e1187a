/**
 * Job write endpoints: register (new version when the spec changed, plus its evaluation, in
 * one transaction), deregister (stop or purge), force-evaluate, revert and scale.
 * Callers pass canonical, validated jobs (jobspecs/ canonicalize + validate).
 */
import { DroverError } from '../../api/errors.js';
import type { Evaluation, Job } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';
import { deepEqual } from '../scheduler/util/deep-equal.js';
import { newEvalFor } from './evals.js';

/** Server-managed fields: not part of "the spec" when deciding whether a job changed. */
const SERVER_FIELDS = ['Status', 'StatusDescription', 'Stable', 'Version', 'SubmitTime', 'CreateIndex', 'ModifyIndex', 'JobModifyIndex', 'Stop'] as const;

function specOf(job: Job): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...job };
  for (const f of SERVER_FIELDS) delete spec[f];
  return JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
}

/** specChanged: the user-controlled part of the job differs (a new version is created). */
export function specChanged(prev: Job, next: Job): boolean {
  return prev.Stop !== next.Stop || !deepEqual(specOf(prev) as never, specOf(next) as never);
}

/** RegisterResult is what `PUT /v1/jobs` answers. */
export interface RegisterResult {
  EvalID: string;
  EvalCreateIndex: number;
  JobModifyIndex: number;
  Warnings: string;
  Index: number;
}

/** RegisterOptions carry the check-index workflow (`job run -check-index`). */
export interface RegisterOptions {
  enforceIndex?: boolean;
  jobModifyIndex?: number;
  evalPriority?: number;
}

/** registerJob stores `job` (a new version if its spec changed) and creates its evaluation. */
export async function registerJob(core: ServerCore, input: Job, opts: RegisterOptions = {}): Promise<RegisterResult> {
  const prev = core.store.job(input.Namespace, input.ID);
  if (opts.enforceIndex) {
    const current = prev?.JobModifyIndex ?? 0;
    if (current !== (opts.jobModifyIndex ?? 0)) {
      const msg = (opts.jobModifyIndex ?? 0) === 0
        ? `Enforcing job modify index 0: job already exists with modify index ${current}`
        : `Enforcing job modify index ${opts.jobModifyIndex}: job ${prev ? `exists with conflicting job modify index: ${current}` : 'does not exist'}`;
      throw new DroverError('DROVER_ERR_JOB_MODIFY_INDEX', msg, { statusCode: 409, location: 'JobModifyIndex' });
    }
  }
  const changed = !prev || specChanged(prev, { ...input, Stop: false });
  const job: Job = {
    ...input,
    Stop: false,
    Version: prev ? (changed ? prev.Version + 1 : prev.Version) : 0,
    SubmitTime: changed || !prev ? core.now() : prev.SubmitTime,
    Stable: changed ? false : (prev?.Stable ?? false),
    Status: 'pending',
  };
  const isParent = Boolean(job.Periodic?.Enabled) || Boolean(job.ParameterizedJob);
  const evals: Evaluation[] = isParent ? [] : [newEvalFor(core, { ...job, Priority: opts.evalPriority ?? job.Priority }, 'job-register')];
  const index = await core.apply({ type: 'job.register', job, newVersion: changed, evals });
  const stored = core.store.job(job.Namespace, job.ID);
  return { EvalID: evals[0]?.ID ?? '', EvalCreateIndex: evals.length ? index : 0, JobModifyIndex: stored?.JobModifyIndex ?? index, Warnings: '', Index: index };
}

/** deregisterJob stops a job (a new, stopped version) or purges it; either way its allocations
 * are stopped by the evaluation it creates. */
export async function deregisterJob(core: ServerCore, namespace: string, jobId: string, purge: boolean): Promise<{ EvalID: string; EvalCreateIndex: number; JobModifyIndex: number; Index: number }> {
  const prev = core.store.job(namespace, jobId);
  if (!prev) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', `job "${jobId}" not found`, { statusCode: 404 });
  const stoppedJob: Job | null = purge ? null : { ...prev, Stop: true, Version: prev.Stop ? prev.Version : prev.Version + 1, SubmitTime: core.now() };
  const isParent = Boolean(prev.Periodic?.Enabled) || Boolean(prev.ParameterizedJob);
  const evals = isParent ? [] : [newEvalFor(core, prev, 'job-deregister')];
  const index = await core.apply({ type: 'job.deregister', namespace, jobId, purge, stoppedJob: prev.Stop && !purge ? null : stoppedJob, evals });
  return { EvalID: evals[0]?.ID ?? '', EvalCreateIndex: evals.length ? index : 0, JobModifyIndex: index, Index: index };
}

/** evaluateJob creates a new evaluation for an existing job (`job eval`). */
export async function evaluateJob(core: ServerCore, namespace: string, jobId: string): Promise<{ EvalID: string; EvalCreateIndex: number; JobModifyIndex: number; Index: number }> {
  const job = core.store.job(namespace, jobId);
  if (!job) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', `job "${jobId}" not found`, { statusCode: 404 });
  if (job.Periodic?.Enabled || job.ParameterizedJob) {
    throw new DroverError('DROVER_ERR_JOB_NOT_EVALUABLE', "can't evaluate periodic or parameterized job", { statusCode: 400 });
  }
  const ev = newEvalFor(core, job, 'job-register');
  const index = await core.apply({ type: 'eval.upsert', evals: [ev] });
  return { EvalID: ev.ID, EvalCreateIndex: index, JobModifyIndex: job.JobModifyIndex, Index: index };
}

/** revertJob registers an older version's spec as the newest version. */
export async function revertJob(core: ServerCore, namespace: string, jobId: string, version: number, enforcePriorVersion?: number): Promise<RegisterResult> {
  const current = core.store.job(namespace, jobId);
  if (!current) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', `job "${jobId}" not found`, { statusCode: 404 });
  if (enforcePriorVersion !== undefined && current.Version !== enforcePriorVersion) {
    throw new DroverError('DROVER_ERR_JOB_VERSION', `current job has version ${current.Version}; enforcing version ${enforcePriorVersion}`, { statusCode: 409, location: 'EnforcePriorVersion' });
  }
  if (version === current.Version) {
    throw new DroverError('DROVER_ERR_JOB_VERSION', `can't revert to current version ${version}`, { statusCode: 400, location: 'JobVersion' });
  }
  const target = core.store.jobVersion(namespace, jobId, version);
  if (!target) throw new DroverError('DROVER_ERR_JOB_VERSION', `job "${jobId}" has no version ${version}`, { statusCode: 404, location: 'JobVersion' });
  return registerJob(core, { ...target, Stop: false });
}

/** scaleJob changes one group's count (a new job version) and evaluates the job. */
export async function scaleJob(core: ServerCore, namespace: string, jobId: string, group: string, count: number): Promise<RegisterResult> {
  const job = core.store.job(namespace, jobId);
  if (!job) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', `job "${jobId}" not found`, { statusCode: 404 });
  if (!Number.isInteger(count) || count < 0) throw new DroverError('DROVER_ERR_SCALE_INVALID', 'Count must be a non-negative integer', { statusCode: 400, location: 'Count' });
  if (!job.TaskGroups.some((g) => g.Name === group)) {
    throw new DroverError('DROVER_ERR_SCALE_INVALID', `task group "${group}" not found in job "${jobId}"`, { statusCode: 400, location: 'Target.Group' });
  }
  const next: Job = { ...job, TaskGroups: job.TaskGroups.map((g) => (g.Name === group ? { ...g, Count: count } : g)) };
  return registerJob(core, next);
}
