/**
 * The plan-attempt loop shared by the generic and system schedulers (reference §2.1 `retryMax`):
 * an attempt plans on the current state and submits; a partial commit hands back a refreshed
 * state to retry on. Attempts without progress count towards the limit; any committed change
 * resets the counter.
 */
import { DroverError } from '../../api/errors.js';
import type { AllocMetric, EvalStatus, Evaluation, Job, Plan } from '../../api/structs/index.js';
import type { Planner, SchedulerState } from './contracts.js';
import type { PlanHeader } from './generic-plan.js';

/** AttemptOutcome: `done`, or retry on `newState` (`progress`: the plan committed something). */
export type AttemptOutcome =
  | { readonly done: true }
  | { readonly done: false; readonly progress: boolean; readonly newState: SchedulerState };

/** runPlanAttempts calls `attempt` until it is done (`'done'`) or `limit` consecutive attempts
 * made no progress (`'exhausted'`). `adopt` receives each refreshed state. */
export async function runPlanAttempts(limit: number, attempt: () => Promise<AttemptOutcome>, adopt: (state: SchedulerState) => void): Promise<'done' | 'exhausted'> {
  let attempts = 0;
  while (attempts < limit) {
    const outcome = await attempt();
    if (outcome.done) return 'done';
    adopt(outcome.newState);
    attempts = outcome.progress ? 0 : attempts + 1;
  }
  return 'exhausted';
}

/** submitAttempt submits `plan`, decrements `queued` for every placement (`placed`: alloc ID ->
 * group) the applier committed, and tells the loop whether to retry. */
export async function submitAttempt(planner: Planner, plan: Plan, placed: ReadonlyMap<string, string>, queued: Record<string, number>): Promise<AttemptOutcome> {
  const { result, newState } = await planner.submitPlan(plan);
  for (const allocs of Object.values(result.NodeAllocation)) {
    for (const alloc of allocs) {
      const group = placed.get(alloc.ID);
      if (group !== undefined) queued[group] = Math.max(0, (queued[group] ?? 0) - 1);
    }
  }
  const progress = Object.keys(result.NodeAllocation).length > 0 || Object.keys(result.NodeUpdate).length > 0;
  if (newState !== undefined) return { done: false, progress, newState };
  if (result.RejectedNodes.length > 0) {
    throw new DroverError('DROVER_ERR_PLAN_REFRESH_MISSING', `missing state refresh after partial commit of eval ${plan.EvalID}`, { statusCode: 500, location: 'Planner.submitPlan' });
  }
  return { done: true };
}

/** planHeader fills the decision-independent fields of a plan. */
export function planHeader(evaluation: Evaluation, job: Job | undefined, state: SchedulerState): PlanHeader {
  return {
    EvalID: evaluation.ID,
    EvalToken: '',
    Priority: job?.Priority ?? evaluation.Priority,
    AllAtOnce: job?.AllAtOnce ?? false,
    Namespace: evaluation.Namespace,
    JobID: evaluation.JobID,
    JobVersion: job?.Version ?? 0,
    SnapshotIndex: state.index,
  };
}

/** EvalOutcome is what the final evaluation update records. */
export interface EvalOutcome {
  readonly status: EvalStatus;
  readonly description: string;
  readonly queued: Record<string, number>;
  readonly failedTGAllocs: Record<string, AllocMetric>;
  readonly blockedEvalId: string | undefined;
  readonly snapshotIndex: number;
  readonly now: number;
}

/** evaluationWithOutcome is `evaluation` updated with its outcome (FailedTGAllocs only when
 * something failed, so "complete without failures" is easy to test for). */
export function evaluationWithOutcome(evaluation: Evaluation, outcome: EvalOutcome): Evaluation {
  const updated: Evaluation = {
    ...evaluation,
    Status: outcome.status,
    StatusDescription: outcome.description,
    QueuedAllocations: outcome.queued,
    SnapshotIndex: outcome.snapshotIndex,
    ModifyTime: outcome.now,
  };
  if (Object.keys(outcome.failedTGAllocs).length > 0) updated.FailedTGAllocs = outcome.failedTGAllocs;
  else delete updated.FailedTGAllocs;
  if (outcome.blockedEvalId !== undefined) updated.BlockedEval = outcome.blockedEvalId;
  return updated;
}
