/**
 * EvalBroker: the leader's in-memory queue of evaluations for the scheduler workers.
 *
 * Delivery guarantee: AT-LEAST-ONCE. An evaluation is written to the store before it is
 * enqueued; every delivery carries a token and must be acked (done) or nacked (retry). A
 * delivery that is neither acked nor nacked within the nack timeout (60 s) is presumed nacked.
 * After `deliveryLimit` (3) deliveries the evaluation moves to the `_failed` queue, from which
 * the leader's reaper writes it `failed` and creates a follow-up. The broker is NOT durable:
 * on leadership loss it is flushed and the new leader rebuilds it from the store (`restore`).
 * An evaluation may therefore be processed more than once; schedulers are reconcilers, so a
 * repeat is harmless.
 *
 * Ordering: one ready queue per scheduler type, higher Priority first, then lower CreateIndex.
 * At most one evaluation per (namespace, job) is ready or unacked; later ones wait in the
 * job's pending heap. When the in-flight one is acked, the best pending one (priority, then
 * highest ModifyIndex) is promoted and the rest become "cancelable" (superseded): the leader
 * takes them with `takeCancelable()` and writes them `canceled`.
 */
import type { Evaluation } from '../../api/structs/index.js';
import { DroverError } from '../../api/errors.js';
import { newId } from '../../api/ids.js';
import type { Clock } from './clock.js';
import { NS_PER_MS, systemClock } from './clock.js';
import { DelayedEvals } from './delayed-evals.js';
import { Heap } from './heap.js';
import { jobKey, pendingBefore } from './eval-order.js';
import { DequeueWaiters } from './dequeue-waiters.js';
import { ReadyQueues } from './ready-queues.js';
import { LeaderLifecycle } from './leader-lifecycle.js';
import { nackReenqueueDelay } from './nack-delay.js';
import { TypedEvents } from './typed-events.js';
import { UnackedDeliveries } from './unacked.js';
import type { Unacked } from './unacked.js';
import type { BrokerQueue, BrokerState, BrokerStats, Delivery, EvalBrokerConfig, EvalBrokerEvents } from './broker-types.js';
import { FAILED_QUEUE } from './broker-types.js';

/** EvalBroker: see the file comment for the delivery guarantee and ordering. */
export class EvalBroker {
  /** events reports enqueue/dequeue/ack/nack/failure for metrics. */
  readonly events = new TypedEvents<EvalBrokerEvents>();

  private readonly nackTimeoutMs: number;
  private readonly deliveryLimit: number;
  private readonly nackDelay: { initialMs: number; subsequentMs: number };
  private readonly clock: Clock;
  private readonly newToken: () => string;
  private readonly waitIndexFor: (e: Evaluation) => number;

  private readonly lifecycle = new LeaderLifecycle();
  /** dequeueCounts: every tracked eval ID -> deliveries so far (also the dedupe set). */
  private readonly dequeueCounts = new Map<string, number>();
  /** jobSlots: job key -> the one eval ID of that job that is ready or unacked. */
  private readonly jobSlots = new Map<string, string>();
  private readonly pending = new Map<string, Heap<Evaluation>>();
  private readonly ready: ReadyQueues;
  private readonly unacked: UnackedDeliveries;
  /** requeue: token -> eval re-enqueued (reblocked) while that token's delivery is outstanding. */
  private readonly requeue = new Map<string, Evaluation>();
  /** delayed: evals held for Wait, WaitUntil or a nack re-enqueue delay. */
  private readonly delayed: DelayedEvals;
  private cancelable: Evaluation[] = [];
  private readonly waiters: DequeueWaiters;

  constructor(config: EvalBrokerConfig = {}) {
    this.nackTimeoutMs = config.nackTimeoutMs ?? 60_000;
    this.deliveryLimit = config.deliveryLimit ?? 3;
    this.nackDelay = { initialMs: config.initialNackDelayMs ?? 1_000, subsequentMs: config.subsequentNackDelayMs ?? 20_000 };
    this.clock = config.clock ?? systemClock;
    this.newToken = config.newToken ?? newId;
    this.waitIndexFor = config.waitIndexFor ?? ((e) => e.ModifyIndex);
    this.ready = new ReadyQueues(config.random ?? Math.random);
    this.waiters = new DequeueWaiters(this.clock);
    this.unacked = new UnackedDeliveries(this.clock, this.nackTimeoutMs, (u) => this.nackDelivery(u, true));
    this.delayed = new DelayedEvals(this.clock, (e) => {
      if (this.enabled) this.enqueueReady(e, e.Type);
    });
    if (this.nackTimeoutMs <= 0) throw new DroverError('DROVER_ERR_BROKER_CONFIG', 'nackTimeoutMs must be > 0', { location: 'nackTimeoutMs' });
    if (this.deliveryLimit < 1) throw new DroverError('DROVER_ERR_BROKER_CONFIG', 'deliveryLimit must be >= 1', { location: 'deliveryLimit' });
  }

  /** state is the lifecycle state (see BrokerState). */
  get state(): BrokerState {
    return this.lifecycle.state;
  }

  /** enabled is true while running on the leader. */
  get enabled(): boolean {
    return this.lifecycle.running;
  }

  /** enable starts accepting evaluations (leader gained). */
  enable(): void {
    if (!this.lifecycle.enable()) return;
    this.events.emit('stateChanged', this.lifecycle.state);
  }

  /** disable flushes everything (leader lost): timers stop, blocked dequeues are rejected with
   * DROVER_ERR_BROKER_DISABLED, and every queue is emptied. */
  disable(): void {
    if (!this.lifecycle.disable()) return;
    this.flush();
    this.events.emit('stateChanged', this.lifecycle.state);
  }

  /**
   * enqueue adds a pending evaluation. Dropped when the broker is disabled or the eval ID is
   * already tracked. `Wait` (ns) delays it by a timer; `WaitUntil` (Unix ns) parks it in the
   * delay heap until due.
   */
  enqueue(evaluation: Evaluation): void {
    this.processEnqueue(evaluation, undefined);
  }

  /**
   * enqueueAll enqueues many evals; each may carry the token of the delivery it was produced
   * under (a blocked eval released while its scheduler still holds it). An eval whose token
   * matches its outstanding delivery is held until that delivery is acked (then enqueued) or
   * nacked (then dropped: the nacked delivery is retried anyway).
   */
  enqueueAll(entries: Iterable<{ eval: Evaluation; token?: string | undefined }>): void {
    for (const entry of entries) this.processEnqueue(entry.eval, entry.token);
  }

  /**
   * restore rebuilds the broker on a new leader from the store's non-terminal evaluations:
   * `pending` ones are enqueued; `blocked` ones are returned for the blocked-evals tracker.
   */
  restore(evaluations: Iterable<Evaluation>): { enqueued: number; blocked: Evaluation[] } {
    let enqueued = 0;
    const blocked: Evaluation[] = [];
    for (const e of evaluations) {
      if (e.Status === 'pending') {
        this.enqueue(e);
        enqueued++;
      } else if (e.Status === 'blocked') {
        blocked.push(e);
      }
    }
    return { enqueued, blocked };
  }

  /**
   * dequeue delivers the best ready evaluation among `queues`: the highest Priority across the
   * queues' heads (ties between queues broken at random, so no type starves), oldest first
   * within a queue. It waits up to `timeoutMs` (<= 0: until work arrives or `signal` aborts)
   * and resolves undefined on timeout or abort. Rejects with DROVER_ERR_BROKER_DISABLED when the
   * broker is not (or stops) running.
   */
  dequeue(queues: readonly BrokerQueue[], timeoutMs: number, signal?: AbortSignal): Promise<Delivery | undefined> {
    if (!this.enabled) return Promise.reject(disabledError());
    const now = this.scan(queues);
    if (now !== undefined) return Promise.resolve(now);
    return this.waiters.wait(queues, timeoutMs, signal);
  }

  /** tryDequeue delivers the best ready evaluation among `queues` without waiting, or returns
   * undefined when none is ready (same ordering as `dequeue`). */
  tryDequeue(queues: readonly BrokerQueue[]): Delivery | undefined {
    if (!this.enabled) throw disabledError();
    return this.scan(queues);
  }

  /** outstanding returns the token of the eval's current delivery, or undefined. */
  outstanding(evalId: string): string | undefined {
    return this.unacked.token(evalId);
  }

  /** outstandingReset restarts the nack timer of a delivery (the worker is alive). */
  outstandingReset(evalId: string, token: string): void {
    this.unacked.reset(evalId, token);
  }

  /** pauseNackTimeout stops the nack timer while the eval's plan waits in the plan queue. */
  pauseNackTimeout(evalId: string, token: string): void {
    this.unacked.pause(evalId, token);
  }

  /** resumeNackTimeout restarts a paused nack timer with the full timeout. */
  resumeNackTimeout(evalId: string, token: string): void {
    this.unacked.resume(evalId, token);
  }

  /**
   * ack completes a delivery: frees the job's slot, promotes the job's best pending eval (the
   * others become cancelable) and enqueues an eval that was requeued under this token.
   */
  ack(evalId: string, token: string): void {
    const u = this.unacked.must(evalId, token);
    this.unacked.remove(u);
    this.dequeueCounts.delete(evalId);
    const key = jobKey(u.eval.Namespace, u.eval.JobID);
    if (this.jobSlots.get(key) === evalId) this.jobSlots.delete(key);
    this.promotePending(key);
    this.events.emit('acked', u.eval);
    const requeued = this.requeue.get(token);
    if (requeued !== undefined) {
      this.requeue.delete(token);
      this.processEnqueue(requeued, undefined);
    }
  }

  /**
   * nack fails a delivery: the eval goes back to its ready queue after the compounding nack
   * delay (1 s, then (k-1) x 20 s), or to the failed queue once delivered `deliveryLimit` times.
   */
  nack(evalId: string, token: string): void {
    this.nackDelivery(this.unacked.must(evalId, token), false);
  }

  /** takeCancelable removes and returns up to `max` superseded evals (leader writes them
   * `canceled`). */
  takeCancelable(max = Number.POSITIVE_INFINITY): Evaluation[] {
    const taken = this.cancelable.slice(0, max);
    this.cancelable = this.cancelable.slice(taken.length);
    return taken;
  }

  /** stats counts the broker's evals by place. */
  stats(): BrokerStats {
    const byQueue: BrokerStats['byQueue'] = {};
    let totalReady = 0;
    for (const [queue, size] of this.ready.sizes()) {
      byQueue[queue] = { ready: size, unacked: 0 };
      totalReady += size;
    }
    for (const u of this.unacked.values()) {
      const q = byQueue[u.eval.Type] ?? { ready: 0, unacked: 0 };
      q.unacked++;
      byQueue[u.eval.Type] = q;
    }
    let totalPending = 0;
    for (const heap of this.pending.values()) totalPending += heap.size;
    return {
      totalReady,
      totalUnacked: this.unacked.size,
      totalPending,
      totalWaiting: this.delayed.size,
      totalCancelable: this.cancelable.length,
      byQueue,
    };
  }

  private processEnqueue(evaluation: Evaluation, token: string | undefined): void {
    if (!this.enabled) return;
    if (this.dequeueCounts.has(evaluation.ID)) {
      if (token === undefined) return;
      // A reblock while the eval is outstanding: hold it until that delivery ends.
      if (this.unacked.token(evaluation.ID) === token) this.requeue.set(token, evaluation);
      return;
    }
    this.dequeueCounts.set(evaluation.ID, 0);
    const waitMs = (evaluation.Wait ?? 0) / NS_PER_MS;
    if (waitMs > 0) {
      this.enqueueAfter(evaluation, waitMs);
      return;
    }
    if (evaluation.WaitUntil !== undefined && evaluation.WaitUntil > 0) {
      const dueAtMs = evaluation.WaitUntil / NS_PER_MS;
      if (dueAtMs > this.clock.now()) {
        this.delayed.until(evaluation, dueAtMs);
        this.events.emit('delayed', evaluation, dueAtMs);
        return;
      }
    }
    this.enqueueReady(evaluation, evaluation.Type);
  }

  /** enqueueReady puts the eval in `queue`, or in its job's pending heap when another eval of
   * the same job is ready or unacked. */
  private enqueueReady(evaluation: Evaluation, queue: BrokerQueue): void {
    const key = jobKey(evaluation.Namespace, evaluation.JobID);
    const holder = this.jobSlots.get(key);
    if (holder === undefined) {
      this.jobSlots.set(key, evaluation.ID);
    } else if (holder !== evaluation.ID) {
      let heap = this.pending.get(key);
      if (heap === undefined) {
        heap = new Heap(pendingBefore);
        this.pending.set(key, heap);
      }
      heap.push(evaluation);
      this.events.emit('enqueued', evaluation, 'pending');
      return;
    }
    this.ready.push(evaluation, queue);
    this.events.emit('enqueued', evaluation, queue);
    this.waiters.serve((queues) => this.scan(queues));
  }

  private enqueueAfter(evaluation: Evaluation, delayMs: number): void {
    const dueAtMs = this.delayed.after(evaluation, delayMs);
    this.events.emit('delayed', evaluation, dueAtMs);
  }

  private promotePending(key: string): void {
    const heap = this.pending.get(key);
    if (heap === undefined) return;
    this.pending.delete(key);
    const best = heap.pop();
    const superseded = heap.drain();
    if (superseded.length > 0) {
      for (const e of superseded) this.dequeueCounts.delete(e.ID);
      this.cancelable.push(...superseded);
      this.events.emit('cancelable', superseded);
    }
    if (best !== undefined) this.enqueueReady(best, best.Type);
  }

  private nackDelivery(u: Unacked, timedOut: boolean): void {
    this.unacked.remove(u);
    this.requeue.delete(u.token);
    this.events.emit('nacked', u.eval, timedOut);
    const deliveries = this.dequeueCounts.get(u.eval.ID) ?? 0;
    if (deliveries >= this.deliveryLimit) {
      this.enqueueReady(u.eval, FAILED_QUEUE);
      this.events.emit('failed', u.eval);
      return;
    }
    const delayMs = nackReenqueueDelay(deliveries, this.nackDelay);
    if (delayMs > 0) this.enqueueAfter(u.eval, delayMs);
    else this.enqueueReady(u.eval, u.eval.Type);
  }

  /** scan takes the best ready eval among `queues` and delivers it. */
  private scan(queues: readonly BrokerQueue[]): Delivery | undefined {
    const evaluation = this.ready.takeBest(queues);
    if (evaluation === undefined) return undefined;
    const token = this.newToken();
    const count = (this.dequeueCounts.get(evaluation.ID) ?? 0) + 1;
    this.dequeueCounts.set(evaluation.ID, count);
    this.unacked.add(evaluation, token);
    this.events.emit('dequeued', evaluation, token, count);
    return { eval: evaluation, token, waitIndex: this.waitIndexFor(evaluation) };
  }

  private flush(): void {
    this.delayed.clear();
    this.dequeueCounts.clear();
    this.jobSlots.clear();
    this.pending.clear();
    this.ready.clear();
    this.unacked.clear();
    this.requeue.clear();
    this.cancelable = [];
    this.waiters.rejectAll(disabledError);
  }
}

function disabledError(): DroverError {
  return new DroverError('DROVER_ERR_BROKER_DISABLED', 'eval broker is disabled (this server is not the leader)', { statusCode: 503 });
}
