/**
 * PlanQueue: the leader's queue of submitted plans waiting for the single plan applier.
 *
 * Order: higher plan Priority first, then submission order (FIFO). Each submission returns a
 * promise of its PlanResult, settled by the applier. Leader-only and in memory: on leadership
 * loss `disable()` rejects every waiting plan with DROVER_ERR_PLAN_QUEUE_DISABLED so workers
 * nack their evals and the new leader's broker redelivers them.
 */
import type { Plan, PlanResult } from '../../api/structs/index.js';
import { DroverError } from '../../api/errors.js';
import { Heap } from '../broker/heap.js';
import type { LeaderQueueState } from '../broker/leader-lifecycle.js';
import { LeaderLifecycle } from '../broker/leader-lifecycle.js';

/** PendingPlan is one queued plan with the settlers of its submitter's promise. */
export interface PendingPlan {
  readonly plan: Plan;
  /** seq is the submission order (FIFO tie-break). */
  readonly seq: number;
  /** respond settles the submitter's promise with the committed result. */
  readonly respond: (result: PlanResult) => void;
  /** fail settles the submitter's promise with an error. */
  readonly fail: (err: Error) => void;
}

/** PlanQueueState: `running` on the leader, `stopped` after disable. */
export type PlanQueueState = LeaderQueueState;

/** PlanQueueStats counts queued plans. */
export interface PlanQueueStats {
  depth: number;
}

const planBefore = (a: PendingPlan, b: PendingPlan): boolean =>
  a.plan.Priority !== b.plan.Priority ? a.plan.Priority > b.plan.Priority : a.seq < b.seq;

/** PlanQueue: see the file comment. */
export class PlanQueue {
  private readonly lifecycle = new LeaderLifecycle();
  private heap = new Heap<PendingPlan>(planBefore);
  private seq = 0;
  private waiters: Array<{ resolve: (p: PendingPlan | undefined) => void; cleanup: () => void }> = [];

  /** state is the lifecycle state. */
  get state(): PlanQueueState {
    return this.lifecycle.state;
  }

  /** enable starts accepting plans (leader gained). */
  enable(): void {
    this.lifecycle.enable();
  }

  /** disable rejects every queued plan and releases waiting dequeues with undefined. */
  disable(): void {
    if (!this.lifecycle.disable()) return;
    for (const pending of this.heap.drain()) pending.fail(disabledError());
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w.cleanup();
      w.resolve(undefined);
    }
  }

  /** enqueue submits a plan; the promise settles when the applier has committed (or rejected)
   * it. Rejects at once with DROVER_ERR_PLAN_QUEUE_DISABLED when not running. */
  enqueue(plan: Plan): Promise<PlanResult> {
    if (!this.lifecycle.running) return Promise.reject(disabledError());
    return new Promise<PlanResult>((resolve, reject) => {
      const pending: PendingPlan = { plan, seq: this.seq++, respond: resolve, fail: reject };
      const waiter = this.waiters.shift();
      if (waiter !== undefined) {
        waiter.cleanup();
        waiter.resolve(pending);
      } else {
        this.heap.push(pending);
      }
    });
  }

  /** dequeue returns the next plan, waiting until one arrives; undefined when `signal` aborts
   * or the queue is disabled. */
  dequeue(signal?: AbortSignal): Promise<PendingPlan | undefined> {
    if (!this.lifecycle.running || signal?.aborted === true) return Promise.resolve(undefined);
    const next = this.heap.pop();
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve) => {
      const waiter = {
        resolve,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** stats reports the queue depth. */
  stats(): PlanQueueStats {
    return { depth: this.heap.size };
  }
}

function disabledError(): DroverError {
  return new DroverError('DROVER_ERR_PLAN_QUEUE_DISABLED', 'plan queue is disabled (this server is not the leader)', { statusCode: 503 });
}
