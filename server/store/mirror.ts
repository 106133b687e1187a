/**
 * The store mirror: builds a StateStore from the KV backend (range at a revision) and keeps it
 * current by watching from the next revision. Each KV transaction arrives as one ChangeBatch.
 *
 * When the watch fails (connection lost for too long, compacted history, ...), the mirror
 * resyncs: it ranges the whole keyspace again, replaces the store's content with it
 * (StateStore.replaceAll) and watches again from the new revision, retrying with a capped
 * backoff while the KV is unreachable. Only a KV that failed for good (fail-stop or closed) or
 * `close()` ends the mirror; `waitFor` then rejects with DROVER_ERR_STATE_STALE.
 */
import type { DroverError } from '../../api/errors.js';
import type { KvBackend, KvWatch, KvWatchBatch } from '../kv/contract.js';
import { decodeBatch } from './decode-batch.js';
import type { LoadedState } from './load-state.js';
import { loadState } from './load-state.js';
import { isTerminalKvError, resyncDelayMs, staleError } from './mirror-failure.js';
import { StateStore } from './state-store.js';
import type { ChangeBatch } from './tables.js';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** StoreMirror owns a StateStore fed by the KV watch. */
export interface StoreMirror {
  readonly store: StateStore;
  /** Resolves once the store has applied `index` (read-your-writes after a txn). Rejects after
   * `timeoutMs`, or at once with DROVER_ERR_STATE_STALE when the mirror stopped following the
   * KV (closed, or the KV failed for good). */
  waitFor(index: number, timeoutMs?: number): Promise<void>;
  /**
   * expect announces records this server is writing (`value` = the exact bytes written). When
   * the watch delivers a put of `key` with byte-identical bytes, `record` is applied instead of
   * decoding the bytes again (same content; the leader does not decode its own plans). Call
   * the returned function once the write is applied or failed.
   */
  expect(writes: readonly ExpectedWrite[]): () => void;
  close(): void;
}

/** ExpectedWrite is one record this server writes, with its encoded bytes. */
export interface ExpectedWrite {
  readonly key: string;
  readonly value: Uint8Array;
  readonly record: object;
}

/** MirrorListeners observe each applied transaction, decoded (`onBatch`) and raw (`onRaw`,
 * forwarded to worker replicas that decode it themselves). A resync that changed the store is
 * one decoded batch (`onBatch`) but has no raw form: `onResync` tells that the store's whole
 * content was replaced at `index` (replicas must be re-seeded from `store.records()`). */
export interface MirrorListeners {
  onBatch?: (batch: ChangeBatch) => void;
  onRaw?: (revision: number, events: KvWatchBatch['events']) => void;
  onResync?: (index: number) => void;
}

/** Waiter is one pending `waitFor`. */
interface Waiter {
  readonly index: number;
  resolve(): void;
  reject(err: DroverError): void;
}

/** openMirror loads every table and starts following the KV change stream. */
export async function openMirror(kv: KvBackend, listeners: MirrorListeners = {}): Promise<StoreMirror> {
  const store = new StateStore();
  const initial = await loadState(kv);
  store.apply({ index: initial.revision, changes: initial.changes }, false);

  const waiters = new Set<Waiter>();
  const expected = new Map<string, ExpectedWrite>();
  const takeExpected = (key: string, value: Uint8Array): object | undefined => {
    const w = expected.get(key);
    if (w === undefined || !bytesEqual(w.value, value)) return undefined;
    expected.delete(key);
    return w.record;
  };
  let closed = false;
  let stale: DroverError | undefined;
  let watch: KvWatch | undefined;
  let wake: (() => void) | undefined;

  const release = (): void => {
    for (const w of waiters) if (store.index >= w.index) { waiters.delete(w); w.resolve(); }
  };
  /** stop ends the mirror for good: every pending and future wait for a newer index fails. */
  const stop = (err: DroverError): void => {
    stale ??= err;
    for (const w of waiters) { waiters.delete(w); w.reject(stale); }
  };
  const applyBatch = (b: KvWatchBatch): void => {
    const changes = decodeBatch(b.events, { lookupAlloc: (id) => store.allocById(id), reuse: expected.size === 0 ? undefined : takeExpected });
    const batch: ChangeBatch = { index: b.revision, changes };
    store.apply(batch, true);
    listeners.onRaw?.(b.revision, b.events);
    listeners.onBatch?.(batch);
    release();
  };
  /** resync replaces the store's content with `state`; returns the revision to watch after. */
  const resync = (state: LoadedState): number => {
    const batch = store.replaceAll(state.revision, state.changes);
    if (batch !== undefined) {
      listeners.onBatch?.(batch);
      listeners.onResync?.(store.index);
    }
    release();
    return Math.max(store.index, state.revision);
  };
  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    const timer = setTimeout(() => { wake = undefined; resolve(); }, ms);
    wake = () => { clearTimeout(timer); wake = undefined; resolve(); };
  });

  /** follow watches, and after each watch failure resyncs (with backoff) and watches again. */
  const follow = async (): Promise<void> => {
    let revision = initial.revision;
    let attempt = 0;
    while (!closed) {
      try {
        watch = kv.watch('', revision + 1);
        for await (const b of watch) { applyBatch(b); attempt = 0; }
        if (closed) return;
        throw new Error('the watch ended without an error');
      } catch (err) {
        watch?.close();
        if (closed) return;
        if (isTerminalKvError(err)) { stop(staleError('the KV store failed; the state can no longer follow it', err)); return; }
        process.emitWarning(`drover: state watch ended, resyncing from the KV: ${String(err)}`);
      }
      for (;;) {
        if (attempt > 0) await pause(resyncDelayMs(attempt));
        attempt++;
        if (closed) return;
        try {
          revision = resync(await loadState(kv));
          break;
        } catch (err) {
          if (closed) return;
          if (isTerminalKvError(err)) { stop(staleError('the KV store failed during a resync; the state can no longer follow it', err)); return; }
        }
      }
    }
  };
  void follow().catch((err: unknown) => stop(staleError('the state mirror stopped on an unexpected error', err)));

  return {
    store,
    waitFor(index: number, timeoutMs = 10_000): Promise<void> {
      if (store.index >= index) return Promise.resolve();
      if (stale !== undefined) return Promise.reject(stale);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`state did not reach index ${index} in ${timeoutMs} ms`));
        }, timeoutMs);
        const w: Waiter = {
          index,
          resolve: () => { clearTimeout(timer); resolve(); },
          reject: (err) => { clearTimeout(timer); reject(err); },
        };
        waiters.add(w);
      });
    },
    expect(writes: readonly ExpectedWrite[]): () => void {
      for (const w of writes) expected.set(w.key, w);
      return () => {
        for (const w of writes) if (expected.get(w.key) === w) expected.delete(w.key);
      };
    },
    close(): void {
      closed = true;
      watch?.close();
      wake?.();
      stop(staleError('the state mirror is closed'));
    },
  };
}
