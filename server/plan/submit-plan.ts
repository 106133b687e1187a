/**
 * submitPlan: the leader side of a worker's plan submission (Nomad's Plan.Submit).
 * The plan's eval must be outstanding under the plan's token; its nack timer is paused while
 * the plan waits in the queue and is verified and committed (a long queue must not make the
 * broker redeliver an eval whose worker is alive), then resumed with the full timeout.
 */
import type { Plan, PlanResult } from '../../api/structs/index.js';
import { DroverError } from '../../api/errors.js';
import type { EvalBroker } from '../broker/eval-broker.js';
import type { PlanQueue } from './plan-queue.js';

/** NackTimerControl is the part of the broker a submission needs. */
export type NackTimerControl = Pick<EvalBroker, 'outstanding' | 'pauseNackTimeout' | 'resumeNackTimeout'>;

/** submitPlan checks the eval token, pauses its nack timer, queues the plan and returns the
 * committed result. Rejects with DROVER_ERR_EVAL_TOKEN_MISMATCH (409) for a stale worker. */
export async function submitPlan(broker: NackTimerControl, queue: PlanQueue, plan: Plan): Promise<PlanResult> {
  const token = broker.outstanding(plan.EvalID);
  if (token === undefined || token !== plan.EvalToken) {
    throw new DroverError('DROVER_ERR_EVAL_TOKEN_MISMATCH', `plan for evaluation ${plan.EvalID} does not carry its outstanding token`, { statusCode: 409, location: plan.EvalID });
  }
  broker.pauseNackTimeout(plan.EvalID, token);
  try {
    return await queue.enqueue(plan);
  } finally {
    // The delivery may have ended meanwhile (leader flush): nothing to resume then.
    if (broker.outstanding(plan.EvalID) === token) broker.resumeNackTimeout(plan.EvalID, token);
  }
}
