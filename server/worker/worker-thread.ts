/**
 * Scheduler worker thread. Holds its own full replica of cluster state (seeded by `init`, fed
 * by every committed transaction), and loops: dequeue an evaluation from the leader's broker,
 * wait until the replica reached the eval's wait index, run the scheduler for the eval's type
 * on the replica, submit plans through the leader's plan queue (catching up to RefreshIndex on
 * partial commits), then hand the final evaluation update to the leader, which writes it and acks
 * (without this thread waiting) — or nack on error so the broker redelivers.
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { Evaluation } from '../../api/structs/index.js';
import type { Delivery } from '../broker/broker-types.js';
import type { Planner, SchedulerContext } from '../scheduler/contracts.js';
import { schedulerFor } from '../scheduler/factory.js';
import { decodeBatch } from '../store/decode-batch.js';
import { StateStore } from '../store/state-store.js';
import { OwnPlacements } from './own-placements.js';
import { expandResult, sharePlanMetrics } from './plan-wire.js';
import type { FromWorker, ToWorker, WorkerCall, WorkerCallResult } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-thread must run inside a worker_thread');

const replica = new StateStore();
const pendingCalls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextCallId = 1;
let stopping = false;
const REPLICA_SYNC_LIMIT_MS = 5_000;

function send(msg: FromWorker): void {
  port!.postMessage(msg);
}

function call<M extends WorkerCall['method']>(c: Extract<WorkerCall, { method: M }>): Promise<WorkerCallResult[M]> {
  const callId = nextCallId++;
  return new Promise((resolve, reject) => {
    pendingCalls.set(callId, { resolve: resolve as (v: unknown) => void, reject });
    send({ kind: 'call', callId, call: c });
  });
}

/** replicaAt resolves once the replica has applied `index` (or rejects after the sync limit). */
function replicaAt(index: number): Promise<void> {
  if (replica.index >= index) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`replica did not reach index ${index}`)); }, REPLICA_SYNC_LIMIT_MS);
    const off = replica.onApply(() => {
      if (replica.index >= index) { off(); clearTimeout(timer); resolve(); }
    });
  });
}

const ctx: SchedulerContext = { now: () => Date.now() * 1_000_000, newId: randomUUID };

/** New placements this thread submitted, applied from their objects when their commit arrives. */
const ownPlacements = new OwnPlacements();

/** A delivery's final evaluation update is deferred to its acknowledgement (see `complete`). */
interface DeferredUpdate {
  update?: Evaluation;
}

function plannerFor(d: Delivery, deferred: DeferredUpdate): Planner {
  return {
    async submitPlan(plan) {
      const shared = sharePlanMetrics({ ...plan, EvalToken: d.token, SnapshotIndex: replica.index });
      const keys = ownPlacements.register(shared);
      let wire;
      try {
        wire = await call({ method: 'submitPlan', plan: shared });
      } catch (err) {
        ownPlacements.forget(keys);
        throw err;
      }
      ownPlacements.forgetUncommitted(shared, wire.allocatedNodes);
      const result = expandResult(plan, wire);
      if (result.RefreshIndex > 0) {
        await replicaAt(result.RefreshIndex);
        return { result, newState: replica };
      }
      return { result };
    },
    async updateEval(evaluation) {
      // The last update before the ack is written by the leader together with the ack, so
      // this thread can dequeue its next evaluation while the update commits.
      if (deferred.update !== undefined) await call({ method: 'updateEval', eval: deferred.update, token: d.token });
      deferred.update = evaluation;
    },
    async createEval(evaluation) { await call({ method: 'createEval', eval: evaluation, token: d.token }); },
    async reblockEval(evaluation) { await call({ method: 'reblockEval', eval: evaluation, token: d.token }); },
  };
}

async function processDelivery(d: Delivery): Promise<void> {
  const deferred: DeferredUpdate = {};
  try {
    await replicaAt(d.waitIndex);
    const factory = schedulerFor(d.eval.Type);
    await factory(replica, plannerFor(d, deferred), ctx).process(d.eval);
  } catch (err) {
    send({ kind: 'log', level: 'warn', message: `eval ${d.eval.ID} (${d.eval.Type}) failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    await call({ method: 'nack', evalId: d.eval.ID, token: d.token }).catch(() => undefined);
    return;
  }
  // Not awaited: the leader writes the final update, then acks (or nacks if the write fails,
  // so the broker redelivers). Nothing this thread does next depends on it.
  call({ method: 'complete', evalId: d.eval.ID, token: d.token, ...(deferred.update !== undefined ? { eval: deferred.update } : {}) }).catch((err: unknown) => {
    send({ kind: 'log', level: 'warn', message: `eval ${d.eval.ID}: final update failed (the broker redelivers it): ${err instanceof Error ? err.message : String(err)}` });
  });
}

/** Dequeue errors (no leader yet, broker disabled) back off: 20 ms doubling up to 1 s. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(20 * 2 ** attempt, 1_000)));
}

let running = 0;

/** loop is one scheduler: the thread runs `concurrency` of them over the same replica. */
async function loop(): Promise<void> {
  running++;
  let failures = 0;
  while (!stopping) {
    let d: Delivery | null;
    try {
      d = await call({ method: 'dequeue', timeoutMs: 500 });
      failures = 0;
    } catch {
      await backoff(failures++);
      continue;
    }
    if (d) await processDelivery(d);
  }
  if (--running === 0) send({ kind: 'stopped' });
}

port.on('message', (msg: ToWorker) => {
  switch (msg.kind) {
    case 'init':
      for (const c of msg.init.records) if (c.table === 'allocs' && c.record !== null) c.record.Metrics = undefined;
      replica.apply({ index: msg.init.index, changes: msg.init.records }, false);
      for (let i = 0; i < msg.init.concurrency; i++) void loop();
      return;
    case 'batch':
      // Replicas never explain placements: allocation Metrics are not kept (the leader keeps
      // them, and fills them back into stops and in-place updates it commits).
      for (const b of msg.batches) {
        const reuse = ownPlacements.size > 0 ? ownPlacements.take : undefined;
        replica.apply({ index: b.revision, changes: decodeBatch(b.events, { dropMetrics: true, reuse }) }, true);
      }
      return;
    case 'reset':
      // The leader's mirror resynced from the KV: take its whole state (same Metrics rule).
      for (const c of msg.records) if (c.table === 'allocs' && c.record !== null) c.record.Metrics = undefined;
      replica.replaceAll(msg.index, msg.records);
      // Placements still registered are either in this state already or arrive as bytes later.
      ownPlacements.clear();
      return;
    case 'reply': {
      const p = pendingCalls.get(msg.callId);
      if (!p) return;
      pendingCalls.delete(msg.callId);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error ?? 'call failed'));
      return;
    }
    case 'stop':
      stopping = true;
      return;
  }
});
