/**
 * Pure helpers for the leader's reapers, which turn broker/tracker outcomes into store writes:
 * - failed queue: the eval is written `failed` and a `failed-follow-up` eval is created with a
 *   randomised delay (1 min + up to 5 min), so work is never dropped for good;
 * - cancelable (broker) and duplicates (blocked evals): written `canceled`.
 * Time, IDs and randomness come in as arguments (the results are written through the FSM).
 */
import type { Evaluation } from '../../api/structs/index.js';

/** FAILED_FOLLOWUP_BASELINE_NS is Nomad's EvalFailedFollowupBaselineDelay (1 min). */
export const FAILED_FOLLOWUP_BASELINE_NS = 60 * 1e9;
/** FAILED_FOLLOWUP_RANGE_NS is Nomad's EvalFailedFollowupDelayRange (5 min). */
export const FAILED_FOLLOWUP_RANGE_NS = 5 * 60 * 1e9;

/** ReapInputs are the deterministic inputs of a reap step. */
export interface ReapInputs {
  /** nowNs is the write time in Unix nanoseconds. */
  nowNs: number;
  newId: () => string;
  /** random in [0, 1) picks the follow-up delay. */
  random: () => number;
  deliveryLimit?: number;
}

/** FailedEvalWrites is what the failed-queue reaper writes for one eval. */
export interface FailedEvalWrites {
  /** failed is the eval with status `failed` (and NextEval pointing at the follow-up). */
  failed: Evaluation;
  /** followUp re-evaluates the job later; absent for `_core` (GC) evals. */
  followUp?: Evaluation;
}

/** failedEvalWrites builds the writes for an eval dequeued from the failed queue. The leader
 * writes them, then acks the delivery. */
export function failedEvalWrites(evaluation: Evaluation, inputs: ReapInputs): FailedEvalWrites {
  const limit = inputs.deliveryLimit ?? 3;
  const failed: Evaluation = {
    ...evaluation,
    Status: 'failed',
    StatusDescription: `evaluation reached delivery limit (${limit})`,
    ModifyTime: inputs.nowNs,
  };
  if (evaluation.Type === '_core') return { failed };
  const followUp: Evaluation = {
    ID: inputs.newId(),
    Namespace: evaluation.Namespace,
    Priority: evaluation.Priority,
    Type: evaluation.Type,
    TriggeredBy: 'failed-follow-up',
    JobID: evaluation.JobID,
    JobModifyIndex: evaluation.JobModifyIndex,
    Status: 'pending',
    StatusDescription: '',
    PreviousEval: evaluation.ID,
    Wait: FAILED_FOLLOWUP_BASELINE_NS + Math.floor(inputs.random() * FAILED_FOLLOWUP_RANGE_NS),
    CreateIndex: 0,
    ModifyIndex: 0,
    CreateTime: inputs.nowNs,
    ModifyTime: inputs.nowNs,
  };
  failed.NextEval = followUp.ID;
  return { failed, followUp };
}

/** canceledEval marks a superseded eval (broker cancelable, blocked duplicate) `canceled`. */
export function canceledEval(evaluation: Evaluation, nowNs: number, description = 'canceled after more recent eval was processed'): Evaluation {
  return { ...evaluation, Status: 'canceled', StatusDescription: description, ModifyTime: nowNs };
}
