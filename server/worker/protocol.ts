/**
 * Messages between the server (main thread) and its scheduler worker threads.
 *
 * Main -> worker: `init` (config + a full copy of the state), `batch` (every committed KV
 * transaction, as raw msgpack values, in revision order; coalesced per event-loop turn), `reset` (a full copy of the state after a mirror resync), `reply` (answer to a worker call),
 * `stop`. Worker -> main: `call` (dequeue, submitPlan, updateEval, createEval, reblockEval,
 * complete (final update + ack), nack), `stopped`.
 */
import type { Evaluation, Plan } from '../../api/structs/index.js';
import type { Delivery } from '../broker/broker-types.js';
import type { StateChange } from '../store/tables.js';
import type { PlanResultWire } from './plan-wire.js';

/** RawEvent is one KV change as received from the watch (value still encoded). */
export interface RawEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  readonly value?: Uint8Array;
}

/** RawBatch is one committed transaction. */
export interface RawBatch {
  readonly revision: number;
  readonly events: readonly RawEvent[];
}

/** WorkerInit configures a worker and seeds its replica. */
export interface WorkerInit {
  readonly workerId: number;
  readonly schedulers: readonly string[];
  /** Evaluations this thread schedules concurrently (each waits on its own plan round trip). */
  readonly concurrency: number;
  /** Full state at `index` (stamped records). */
  readonly index: number;
  readonly records: readonly StateChange[];
}

/** ToWorker is every message the main thread sends. */
export type ToWorker =
  | { readonly kind: 'init'; readonly init: WorkerInit }
  | { readonly kind: 'batch'; readonly batches: readonly RawBatch[] }
  /** After a mirror resync: replace the replica's whole content with this state at `index`. */
  | { readonly kind: 'reset'; readonly index: number; readonly records: readonly StateChange[] }
  | { readonly kind: 'reply'; readonly callId: number; readonly ok: boolean; readonly value?: unknown; readonly error?: string }
  | { readonly kind: 'stop' };

/** WorkerCall is one request from a worker to the leader. */
export type WorkerCall =
  | { readonly method: 'dequeue'; readonly timeoutMs: number }
  | { readonly method: 'submitPlan'; readonly plan: Plan }
  | { readonly method: 'updateEval'; readonly eval: Evaluation; readonly token: string }
  | { readonly method: 'createEval'; readonly eval: Evaluation; readonly token: string }
  | { readonly method: 'reblockEval'; readonly eval: Evaluation; readonly token: string }
  /** Write the delivery's final evaluation update (when given), then ack it; nack on failure. */
  | { readonly method: 'complete'; readonly evalId: string; readonly token: string; readonly eval?: Evaluation }
  | { readonly method: 'nack'; readonly evalId: string; readonly token: string };

/** WorkerCallResult maps a call to its answer. */
export interface WorkerCallResult {
  dequeue: Delivery | null;
  submitPlan: PlanResultWire;
  updateEval: number;
  createEval: number;
  reblockEval: number;
  complete: null;
  nack: null;
}

/** FromWorker is every message a worker sends. */
export type FromWorker =
  | { readonly kind: 'call'; readonly callId: number; readonly call: WorkerCall }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'log'; readonly level: 'warn' | 'error'; readonly message: string };
