/**
 * WorkerPool: runs `count` scheduler worker threads, seeds each with a copy of the state,
 * forwards every committed transaction to them, and answers their calls through `handlers`
 * (the leader's broker and plan queue, and the write path for evaluations).
 */
import { Worker } from 'node:worker_threads';
import type { Evaluation, Plan, PlanResult } from '../../api/structs/index.js';
import type { Delivery } from '../broker/broker-types.js';
import type { StateStore } from '../store/state-store.js';
import { compactResult } from './plan-wire.js';
import type { FromWorker, RawBatch, RawEvent, ToWorker, WorkerCall } from './protocol.js';

/** WorkerHandlers answer worker calls on the leader. */
export interface WorkerHandlers {
  dequeue(schedulers: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<Delivery | undefined>;
  submitPlan(plan: Plan): Promise<PlanResult>;
  upsertEval(evaluation: Evaluation, token: string, kind: 'update' | 'create' | 'reblock'): Promise<number>;
  /** Writes the final update (when given) and then acks; nacks when the write fails. */
  complete(evalId: string, token: string, evaluation: Evaluation | undefined): Promise<void>;
  nack(evalId: string, token: string): void;
  log(level: 'warn' | 'error', message: string): void;
}

/** WorkerPoolOptions configure the pool. */
export interface WorkerPoolOptions {
  count: number;
  schedulers: readonly string[];
  store: StateStore;
  handlers: WorkerHandlers;
  /** Evaluations each thread schedules concurrently (default 1). */
  concurrency?: number;
  /** Young-generation size of each thread's heap in MB (default 96). Scheduling allocates many
   * short-lived objects; a larger nursery means fewer scavenges and less promoted garbage. */
  youngGenerationMb?: number;
}

/** WorkerPool lifecycle: `start` then `stop` (idempotent). */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly abort = new AbortController();
  private pending: RawBatch[] = [];
  private flushScheduled = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  /** size is the number of running workers. */
  get size(): number {
    return this.workers.length;
  }

  /** start spawns the threads, each seeded with the store's current state. */
  start(): void {
    const url = new URL('./worker-thread.js', import.meta.url);
    for (let i = 0; i < this.opts.count; i++) {
      const w = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: this.opts.youngGenerationMb ?? 96 } });
      w.on('message', (msg: FromWorker) => this.onMessage(w, msg));
      w.on('error', (err) => this.opts.handlers.log('error', `scheduler worker ${i} crashed: ${err.stack ?? err.message}`));
      this.post(w, { kind: 'init', init: { workerId: i, schedulers: this.opts.schedulers, concurrency: Math.max(1, this.opts.concurrency ?? 1), index: this.opts.store.index, records: this.opts.store.records() } });
      this.workers.push(w);
    }
  }

  /** forward queues one committed transaction for every worker replica. Transactions that
   * commit in the same event-loop turn go out as one message (in revision order). */
  forward(revision: number, events: readonly RawEvent[]): void {
    if (this.workers.length === 0) return;
    this.pending.push({ revision, events: events.map((e) => (e.value ? { type: e.type, key: e.key, value: e.value } : { type: e.type, key: e.key })) });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = this.pending;
    this.pending = [];
    if (batches.length === 0) return;
    const msg: ToWorker = { kind: 'batch', batches };
    for (const w of this.workers) w.postMessage(msg);
  }

  /** reset re-seeds every replica with the store's whole state, after the mirror resynced
   * (a resync has no raw form to forward). Queued transactions are dropped: the store already
   * contains them. */
  reset(): void {
    if (this.workers.length === 0) return;
    this.pending = [];
    const msg: ToWorker = { kind: 'reset', index: this.opts.store.index, records: this.opts.store.records() };
    for (const w of this.workers) w.postMessage(msg);
  }

  /** stop ends every worker (in-flight evaluations are nacked by the broker's timeout). */
  async stop(): Promise<void> {
    this.abort.abort();
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.terminate()));
  }

  private post(w: Worker, msg: ToWorker): void {
    w.postMessage(msg);
  }

  private onMessage(w: Worker, msg: FromWorker): void {
    switch (msg.kind) {
      case 'log': this.opts.handlers.log(msg.level, msg.message); return;
      case 'stopped': return;
      case 'call':
        this.answer(msg.call).then(
          (value) => this.post(w, { kind: 'reply', callId: msg.callId, ok: true, value }),
          (err: unknown) => this.post(w, { kind: 'reply', callId: msg.callId, ok: false, error: err instanceof Error ? err.message : String(err) }),
        );
    }
  }

  private async answer(c: WorkerCall): Promise<unknown> {
    const h = this.opts.handlers;
    switch (c.method) {
      case 'dequeue': return (await h.dequeue(this.opts.schedulers, c.timeoutMs, this.abort.signal)) ?? null;
      case 'submitPlan': return compactResult(await h.submitPlan(c.plan));
      case 'updateEval': return h.upsertEval(c.eval, c.token, 'update');
      case 'createEval': return h.upsertEval(c.eval, c.token, 'create');
      case 'reblockEval': return h.upsertEval(c.eval, c.token, 'reblock');
      case 'complete': await h.complete(c.evalId, c.token, c.eval); return null;
      case 'nack': h.nack(c.evalId, c.token); return null;
    }
  }
}
