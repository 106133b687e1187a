/**
 * The store mirror: builds a StateStore from the KV backend (range at a revision) and keeps it
 * current by watching from the next revision. Each KV transaction arrives as one ChangeBatch.
 */
import type { Job } from '../../api/structs/index.js';
import type { KvBackend, KvWatch, KvWatchBatch } from '../kv/contract.js';
import type { EncodedAlloc } from './alloc-metrics.js';
import { resolveMetricsRefs, takeMetricsRef } from './alloc-metrics.js';
import { decodeBatch } from './decode-batch.js';
import { StateStore } from './state-store.js';
import type { ChangeBatch, StateChange, TableName, TableRecord } from './tables.js';
import { decodeRecord, tableOfKey } from './tables.js';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** StoreMirror owns a StateStore fed by the KV watch. */
export interface StoreMirror {
  readonly store: StateStore;
  /** Resolves once the store has applied `index` (read-your-writes after a txn). */
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
 * forwarded to worker replicas that decode it themselves). */
export interface MirrorListeners {
  onBatch?: (batch: ChangeBatch) => void;
  onRaw?: (revision: number, events: KvWatchBatch['events']) => void;
}

/** openMirror loads every table and starts following the KV change stream. */
export async function openMirror(kv: KvBackend, listeners: MirrorListeners = {}): Promise<StoreMirror> {
  const store = new StateStore();
  const { entries, revision } = await kv.range('');
  // Versions before jobs, so a job's JobModifyIndex can be taken from its version record.
  const order: TableName[] = ['job_versions', 'jobs', 'nodes', 'allocs', 'evals'];
  const initial: StateChange[] = [];
  const allocs = new Map<string, EncodedAlloc>();
  const metricRefs = new Map<string, string>();
  for (const table of order) {
    for (const e of entries) {
      if (tableOfKey(e.key) !== table) continue;
      const record = decodeRecord<TableRecord[typeof table]>(e.value) as Record<string, unknown>;
      record.CreateIndex = e.createRevision;
      record.ModifyIndex = e.modRevision;
      if (table === 'allocs') {
        record.AllocModifyIndex = e.modRevision;
        const alloc = record as unknown as EncodedAlloc;
        allocs.set(alloc.ID, alloc);
        const ref = takeMetricsRef(alloc);
        if (ref !== undefined) metricRefs.set(alloc.ID, ref);
      }
      if (table === 'job_versions') record.JobModifyIndex = e.createRevision;
      if (table === 'jobs') {
        const job = record as unknown as Job;
        const v = initial.find((c) => c.table === 'job_versions' && c.record?.ID === job.ID && c.record.Namespace === job.Namespace && (c.record as Job).Version === job.Version);
        job.JobModifyIndex = (v?.record as Job | undefined)?.JobModifyIndex ?? e.modRevision;
      }
      initial.push({ table, key: e.key, record } as StateChange);
    }
  }
  resolveMetricsRefs(allocs, metricRefs, () => undefined);
  store.apply({ index: revision, changes: initial }, false);

  const waiters: Array<{ index: number; resolve: () => void }> = [];
  const expected = new Map<string, ExpectedWrite>();
  const takeExpected = (key: string, value: Uint8Array): object | undefined => {
    const w = expected.get(key);
    if (w === undefined || !bytesEqual(w.value, value)) return undefined;
    expected.delete(key);
    return w.record;
  };
  let closed = false;
  const watch: KvWatch = kv.watch('', revision + 1);
  void (async () => {
    try {
      for await (const b of watch) {
        const changes = decodeBatch(b.events, { lookupAlloc: (id) => store.allocById(id), reuse: expected.size === 0 ? undefined : takeExpected });
        const batch: ChangeBatch = { index: b.revision, changes };
        store.apply(batch, true);
        listeners.onRaw?.(b.revision, b.events);
        listeners.onBatch?.(batch);
        for (let i = waiters.length - 1; i >= 0; i--) {
          const w = waiters[i]!;
          if (store.index >= w.index) { waiters.splice(i, 1); w.resolve(); }
        }
      }
    } catch (err) {
      if (!closed) process.emitWarning(`drover: state watch ended: ${String(err)}`);
    }
  })();

  return {
    store,
    waitFor(index: number, timeoutMs = 10_000): Promise<void> {
      if (store.index >= index) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`state did not reach index ${index} in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ index, resolve: () => { clearTimeout(timer); resolve(); } });
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
      watch.close();
    },
  };
}
