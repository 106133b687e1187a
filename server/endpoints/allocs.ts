/**
 * Allocation endpoints: client status updates (merged into the stored record; failures that
 * may be rescheduled create an `alloc-failure` evaluation) and `alloc stop`.
 */
import { DroverError } from '../../api/errors.js';
import type { Allocation, Evaluation } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';
import { newEvalFor } from './evals.js';

/** ClientAllocUpdate is the part of an allocation a client reports. */
export interface ClientAllocUpdate {
  ID: string;
  ClientStatus: Allocation['ClientStatus'];
  ClientDescription?: string;
  TaskStates?: Allocation['TaskStates'];
}

/** updateAllocsFromClient merges client-reported status into stored allocations. Updates for
 * unknown allocations or other nodes' allocations are ignored (named in the result). */
export async function updateAllocsFromClient(core: ServerCore, nodeId: string, updates: readonly ClientAllocUpdate[]): Promise<{ index: number; ignored: string[] }> {
  const merged: Allocation[] = [];
  const ignored: string[] = [];
  const evals = new Map<string, Evaluation>();
  const now = core.now();
  for (const u of updates) {
    const prev = core.store.allocById(u.ID);
    if (!prev || prev.NodeID !== nodeId) { ignored.push(u.ID); continue; }
    const next: Allocation = { ...prev, ClientStatus: u.ClientStatus, ClientDescription: u.ClientDescription ?? prev.ClientDescription, TaskStates: u.TaskStates ?? prev.TaskStates, ModifyTime: now };
    merged.push(next);
    const job = core.store.job(prev.Namespace, prev.JobID);
    const becameFailed = u.ClientStatus === 'failed' && prev.ClientStatus !== 'failed';
    if (job && becameFailed && prev.DesiredStatus === 'run' && !job.Stop) {
      const key = `${job.Namespace}/${job.ID}`;
      if (!evals.has(key)) evals.set(key, newEvalFor(core, job, 'alloc-failure'));
    }
  }
  if (merged.length === 0) return { index: core.store.index, ignored };
  const index = await core.apply({ type: 'alloc.clientUpdate', allocs: merged, evals: [...evals.values()] });
  return { index, ignored };
}

/** stopAlloc asks for one allocation to be stopped and replaced (`alloc stop`). */
export async function stopAlloc(core: ServerCore, allocId: string): Promise<{ EvalID: string; Index: number }> {
  const prev = core.store.allocById(allocId);
  if (!prev) throw new DroverError('DROVER_ERR_ALLOC_NOT_FOUND', `allocation ${allocId} not found`, { statusCode: 404 });
  const job = core.store.job(prev.Namespace, prev.JobID);
  if (!job) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', `job "${prev.JobID}" not found`, { statusCode: 404 });
  const next: Allocation = { ...prev, DesiredTransition: { ...prev.DesiredTransition, Migrate: true }, ModifyTime: core.now() };
  const ev = newEvalFor(core, job, 'alloc-stop');
  const index = await core.apply({ type: 'alloc.serverUpdate', allocs: [next], evals: [ev] });
  return { EvalID: ev.ID, Index: index };
}
