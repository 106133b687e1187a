/**
 * Public types of the eval broker: configuration, dequeue result, lifecycle state, events and
 * statistics. Kept apart from eval-broker.ts so callers (leader, worker RPC, metrics) can
 * import types without the implementation.
 */
import type { Evaluation, SchedulerType } from '../../api/structs/index.js';
import type { Clock } from './clock.js';
import type { LeaderQueueState } from './leader-lifecycle.js';

/** FAILED_QUEUE is the queue of evaluations that reached the delivery limit. The leader's
 * reaper dequeues it, writes the eval `failed` plus a `failed-follow-up` eval, then acks. */
export const FAILED_QUEUE = '_failed';

/** BrokerQueue is a ready queue name: a scheduler type or the failed queue. */
export type BrokerQueue = SchedulerType | typeof FAILED_QUEUE;

/** EvalBrokerConfig tunes the broker; every field has Nomad's default. */
export interface EvalBrokerConfig {
  /** nackTimeoutMs: an unacked delivery is presumed nacked after this long (60 s). */
  nackTimeoutMs?: number;
  /** deliveryLimit: deliveries before the eval moves to the failed queue (3). */
  deliveryLimit?: number;
  /** initialNackDelayMs: re-enqueue delay after the first nack (1 s). */
  initialNackDelayMs?: number;
  /** subsequentNackDelayMs: (k-1) x this after the k-th nack, k >= 2 (20 s). */
  subsequentNackDelayMs?: number;
  /** clock: time source and timers (default: the system clock). */
  clock?: Clock;
  /** newToken: delivery token generator (default: random UUID). */
  newToken?: () => string;
  /** random in [0, 1): breaks priority ties between queues (default Math.random). */
  random?: () => number;
  /** waitIndexFor: the state index a worker must reach before scheduling this eval. The
   * leader may compute Nomad's "max ModifyIndex over the job's evals" from its store; the
   * default is the eval's own ModifyIndex. */
  waitIndexFor?: (evaluation: Evaluation) => number;
}

/** Delivery is one dequeued evaluation: the worker must ack or nack it with `token`. */
export interface Delivery {
  readonly eval: Evaluation;
  readonly token: string;
  /** waitIndex: the worker's state replica must reach this index before scheduling. */
  readonly waitIndex: number;
}

/**
 * BrokerState is the broker's lifecycle:
 * - `initialized`: constructed, never enabled; every operation is dropped or refused.
 * - `running`: enabled on the leader; accepts, delivers and times out evaluations.
 * - `stopped`: disabled (leadership lost); everything was flushed. `enable()` runs it again.
 */
export type BrokerState = LeaderQueueState;

/** EvalBrokerEvents are emitted synchronously for metrics and tests. */
export interface EvalBrokerEvents {
  /** enqueued: an eval entered a ready queue (`queue`) or a job's pending heap (`pending`). */
  enqueued: (evaluation: Evaluation, where: BrokerQueue | 'pending') => void;
  /** delayed: an eval waits for `Wait`, `WaitUntil` or a nack re-enqueue delay. */
  delayed: (evaluation: Evaluation, dueAtMs: number) => void;
  /** dequeued: an eval was delivered; `dequeueCount` counts deliveries including this one. */
  dequeued: (evaluation: Evaluation, token: string, dequeueCount: number) => void;
  /** acked: a delivery completed. */
  acked: (evaluation: Evaluation) => void;
  /** nacked: a delivery failed (explicit nack or `timedOut`). */
  nacked: (evaluation: Evaluation, timedOut: boolean) => void;
  /** failed: the eval reached the delivery limit and went to the failed queue. */
  failed: (evaluation: Evaluation) => void;
  /** cancelable: older pending evals of a job were superseded (see takeCancelable). */
  cancelable: (evaluations: readonly Evaluation[]) => void;
  /** stateChanged: a lifecycle transition. */
  stateChanged: (state: BrokerState) => void;
}

/** QueueStats counts one queue's evals. */
export interface QueueStats {
  ready: number;
  unacked: number;
}

/** BrokerStats is a point-in-time view for metrics and `/v1/operator` style endpoints. */
export interface BrokerStats {
  totalReady: number;
  totalUnacked: number;
  /** totalPending: evals parked behind another eval of the same job. */
  totalPending: number;
  /** totalWaiting: evals waiting on Wait, WaitUntil or a nack delay. */
  totalWaiting: number;
  totalCancelable: number;
  byQueue: Partial<Record<BrokerQueue, QueueStats>>;
}
