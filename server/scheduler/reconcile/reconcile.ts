/**
 * reconcile: the pure diff between a job's desired state and its allocations (reference §2.2).
 * It reads only its input and returns every decision explicitly; the generic scheduler applies
 * the result (placements through the stack, then one plan).
 *
 *   job stopped or purged ─► stop every allocation still wanted (lost ones as `lost`)
 *   otherwise, per group ─► group.ts; groups no longer in the job ─► stop
 *   delayed reschedules ─► batched follow-up evals + FollowupEvalID annotations
 */
import type { Allocation, DesiredUpdates } from '../../../api/structs/index.js';
import { planFollowupEvals } from './followups.js';
import type { DelayedReschedule } from './followups.js';
import { reconcileGroup } from './group.js';
import { stopEverything } from './stop-all.js';
import { StopDescriptions } from './types.js';
import type { DestructiveUpdate, PlaceResult, ReconcileInput, ReconcileResult, StopResult } from './types.js';

/** reconcile computes the ReconcileResult for `input` (deterministic; mutates nothing). */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const byGroup = groupAllocs(input.existingAllocs);
  const job = input.job;
  if (job === undefined || job.Stop) {
    return stopEverything(input, byGroup, StopDescriptions.jobStopped);
  }

  const place: PlaceResult[] = [];
  const stop: StopResult[] = [];
  const inplaceUpdate: Allocation[] = [];
  const destructiveUpdate: DestructiveUpdate[] = [];
  const delayed: DelayedReschedule[] = [];
  const desiredTGUpdates: Record<string, DesiredUpdates> = {};
  for (const tg of job.TaskGroups) {
    const group = reconcileGroup(input, job, tg, byGroup.get(tg.Name) ?? []);
    place.push(...group.place);
    stop.push(...group.stop);
    inplaceUpdate.push(...group.inplaceUpdate);
    destructiveUpdate.push(...group.destructiveUpdate);
    delayed.push(...group.delayed);
    desiredTGUpdates[tg.Name] = group.desired;
  }
  const current = new Set(job.TaskGroups.map((tg) => tg.Name));
  const removed = new Map([...byGroup].filter(([name]) => !current.has(name)));
  const removedResult = stopEverything(input, removed, StopDescriptions.groupRemoved);
  stop.push(...removedResult.stop);
  Object.assign(desiredTGUpdates, removedResult.desiredTGUpdates);

  const followups = planFollowupEvals(job, delayed, input);
  return {
    place,
    stop,
    inplaceUpdate,
    destructiveUpdate,
    attributeUpdates: followups.annotations,
    desiredTGUpdates,
    followupEvals: followups.evals,
  };
}

/** groupAllocs indexes allocations by task group, keeping input order. */
export function groupAllocs(allocs: readonly Allocation[]): Map<string, Allocation[]> {
  const byGroup = new Map<string, Allocation[]>();
  for (const alloc of allocs) {
    const list = byGroup.get(alloc.TaskGroup);
    if (list === undefined) byGroup.set(alloc.TaskGroup, [alloc]);
    else list.push(alloc);
  }
  return byGroup;
}
