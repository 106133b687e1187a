/**
 * Delayed reschedules become follow-up evaluations (reference §2.2 `createLaterEvals`): sorted
 * by reschedule time, batched so that one eval serves every allocation due within 5 s of the
 * batch's first; the first batch is triggered by `alloc-reschedule`, later ones by
 * `alloc-failure`. Each allocation is annotated with the ID of its batch's eval.
 */
import type { Allocation, Evaluation, Job, SchedulerType } from '../../../api/structs/index.js';
import type { AttributeUpdate } from './types.js';

/** FOLLOWUP_BATCH_WINDOW_NS groups delayed reschedules into one evaluation. */
export const FOLLOWUP_BATCH_WINDOW_NS = 5_000_000_000;

/** DelayedReschedule is an allocation to reschedule at `time` (Unix ns). */
export interface DelayedReschedule {
  readonly alloc: Allocation;
  readonly time: number;
}

/** FollowupPlan: evaluations to create and the allocation annotations pointing at them. */
export interface FollowupPlan {
  readonly evals: Evaluation[];
  readonly annotations: AttributeUpdate[];
}

/** planFollowupEvals batches delayed reschedules of `job` into follow-up evaluations. */
export function planFollowupEvals(job: Job, delayed: readonly DelayedReschedule[], opts: { evalId: string; now: number; newId: () => string }): FollowupPlan {
  const sorted = [...delayed].sort((a, b) => a.time - b.time || a.alloc.Name.localeCompare(b.alloc.Name));
  const evals: Evaluation[] = [];
  const annotations: AttributeUpdate[] = [];
  let current: Evaluation | undefined;
  for (const item of sorted) {
    if (current === undefined || item.time >= (current.WaitUntil ?? 0) + FOLLOWUP_BATCH_WINDOW_NS) {
      current = followupEval(job, item.time, evals.length === 0, opts);
      evals.push(current);
    }
    annotations.push({ alloc: item.alloc, followupEvalId: current.ID });
  }
  return { evals, annotations };
}

function followupEval(job: Job, waitUntil: number, first: boolean, opts: { evalId: string; now: number; newId: () => string }): Evaluation {
  const type: SchedulerType = job.Type;
  return {
    ID: opts.newId(),
    Namespace: job.Namespace,
    Priority: job.Priority,
    Type: type,
    TriggeredBy: first ? 'alloc-reschedule' : 'alloc-failure',
    JobID: job.ID,
    JobModifyIndex: job.JobModifyIndex,
    Status: 'pending',
    StatusDescription: 'created for delayed rescheduling',
    WaitUntil: waitUntil,
    PreviousEval: opts.evalId,
    CreateIndex: 0,
    ModifyIndex: 0,
    CreateTime: opts.now,
    ModifyTime: opts.now,
  };
}
