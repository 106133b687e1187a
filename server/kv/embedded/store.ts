/**
 * EmbeddedKv: the single-server KV backend on LMDB (lmdb-js 3).
 *
 * Durability: the env is opened with `overlappingSync: false` and without noSync/noMetaSync, so
 * each LMDB commit fdatasyncs before lmdb-js resolves the write promise; `txn` resolves only
 * after that. Crash safety is LMDB's: copy-on-write B+trees and a double meta page mean a torn
 * commit is simply not visible after reopen (no recovery step, no torn tail to truncate).
 *
 * Group commit: every `txn` is one lmdb-js async `transaction()` callback. Callbacks queued
 * while the previous commit is in flight run back to back inside ONE LMDB write transaction and
 * share one fdatasync.
 * Compares and the revision counter are read and written inside that write transaction, so they
 * are serialized with every other txn.
 *
 * Tables: `kv` (key -> record), `log` (revision -> events with previous records, for watch replay
 * and range-at-revision), `meta` (revision, compactRevision, logBytes). The log keeps the last
 * `historyRevisions` revisions and at most `historyBytes` bytes.
 */
import { mkdir, open as openFile } from 'node:fs/promises';
import path from 'node:path';
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import type { KvBackend, KvEntry, KvLeadership, KvRangeResult, KvTxn, KvTxnResult, KvWatch, KvWatchBatch } from '../contract.js';
import { kvError } from '../errors.js';
import { keyBytes, keyString, prefixEnd } from '../keys.js';
import { validateTxn } from '../txn-validate.js';
import { applyTxn, type AppliedTxn, type WriteView } from './apply.js';
import { decodeLogEntry, decodeRecord, encodeLogEntry, recordToEntry } from './codec.js';
import { ElectionRegistry } from './election.js';
import { rangeAtRevision } from './history.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { EmbeddedWatch, type WatchSource } from './watch.js';
import { validateKeys } from './limits.js';
import { bufferValueEncoder } from './value-encoder.js';

/** EmbeddedKvOptions configures openEmbeddedKv. */
export interface EmbeddedKvOptions {
  dataDir: string;
  /** Revisions of change log kept for watch replay and range-at-revision (default 100000). */
  historyRevisions?: number;
  /** Bytes of change log kept (default 256 MiB); whichever limit is hit first compacts. */
  historyBytes?: number;
}

/** HistoryLimits bound the change log. */
interface HistoryLimits {
  revisions: number;
  bytes: number;
}

const revisionKey = 'revision';
const compactKey = 'compactRevision';
const logBytesKey = 'logBytes';

/**
 * commitFailureCause unwraps lmdb-js's "Commit failed" error: the real cause (EIO, ENOSPC, ...)
 * is in its `commitError` promise, which must be handled or Node dies of an unhandled rejection.
 */
async function commitFailureCause(e: unknown): Promise<Error> {
  const commitError = (e as { commitError?: unknown } | undefined)?.commitError;
  if (commitError instanceof Promise) {
    const cause: unknown = await commitError.then(() => e, (reason: unknown) => reason);
    return cause instanceof Error ? cause : new Error(String(cause));
  }
  return e instanceof Error ? e : new Error(String(e));
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await openFile(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** openEmbeddedKv opens (creating if needed) the store in `dataDir`, locking the dir. */
export async function openEmbeddedKv(opts: EmbeddedKvOptions): Promise<EmbeddedKv> {
  await mkdir(opts.dataDir, { recursive: true });
  const lock = await lockDataDir(opts.dataDir);
  let root: RootDatabase | undefined;
  try {
    // eventTurnBatching off: lmdb-js's event-turn batch drops a promise that rejects on a failed
    // commit (an unhandled rejection that kills the process). Writes queued while a commit runs
    // still share the next LMDB transaction and fdatasync (group commit; see decision 0001).
    root = open({ path: path.join(opts.dataDir, 'drover.mdb'), overlappingSync: false, eventTurnBatching: false, maxDbs: 4, compression: false, cache: false });
    await fsyncDir(opts.dataDir); // make the (possibly new) LMDB files' directory entries durable
    return new EmbeddedKv(root, lock, { revisions: opts.historyRevisions ?? 100_000, bytes: opts.historyBytes ?? 256 * 1024 * 1024 });
  } catch (e) {
    await root?.close();
    await lock.release();
    throw e;
  }
}

/** EmbeddedKv implements KvBackend on one LMDB environment. */
export class EmbeddedKv implements KvBackend, WatchSource {
  readonly kind = 'embedded' as const;
  private readonly records: Database<Buffer, Buffer>;
  private readonly log: Database<Buffer, number>;
  private readonly meta: Database<number, string>;
  private readonly elections: ElectionRegistry;
  private readonly committedUnpublished = new Set<number>();
  private published: number;
  private changed!: Promise<void>;
  private signalChange!: () => void;
  private closed = false;
  private failure: Error | undefined;
  private readonly writeView: WriteView;

  constructor(private readonly root: RootDatabase, private readonly lock: DataDirLock, private readonly history: HistoryLimits) {
    // `encoder` is a documented lmdb-js option missing from its DatabaseOptions typings.
    const records: DatabaseOptions & { name: string } = Object.assign({ name: 'kv', keyEncoding: 'binary' as const }, { encoder: bufferValueEncoder });
    const log: DatabaseOptions & { name: string } = Object.assign({ name: 'log', keyEncoding: 'uint32' as const }, { encoder: bufferValueEncoder });
    this.records = root.openDB<Buffer, Buffer>(records);
    this.log = root.openDB<Buffer, number>(log);
    this.meta = root.openDB<number, string>({ name: 'meta' });
    this.published = this.meta.get(revisionKey) ?? 0;
    this.elections = new ElectionRegistry((txn) => this.txn(txn));
    this.resetChange();
    this.writeView = {
      getRecord: (key) => this.records.get(keyBytes(key)),
      putRecord: (key, record) => this.records.putSync(keyBytes(key), record),
      removeRecord: (key) => { this.records.removeSync(keyBytes(key)); },
      keysWithPrefix: (prefix) => Array.from(this.records.getKeys(this.prefixRange(prefix)), keyString),
    };
  }

  async revision(): Promise<number> {
    this.assertUsable();
    return this.meta.get(revisionKey) ?? 0;
  }

  async get(key: string): Promise<KvEntry | undefined> {
    this.assertUsable();
    const stored = this.records.get(keyBytes(key));
    return stored === undefined ? undefined : recordToEntry(key, decodeRecord(stored));
  }

  async range(prefix: string, opts: { revision?: number } = {}): Promise<KvRangeResult> {
    this.assertUsable();
    const transaction = this.root.useReadTransaction();
    try {
      const current = this.meta.get(revisionKey, { transaction }) ?? 0;
      const at = opts.revision ?? current;
      if (at > current) throw kvError('DROVER_ERR_KV_FUTURE_REVISION', `revision ${at} is newer than the store's ${current}`, { location: prefix });
      const rows = this.records.getRange({ ...this.prefixRange(prefix), transaction });
      if (at === current) {
        const entries: KvEntry[] = [];
        for (const { key, value } of rows) entries.push(recordToEntry(keyString(key), decodeRecord(value)));
        return { entries, revision: current };
      }
      const compacted = this.meta.get(compactKey, { transaction }) ?? 0;
      if (at < compacted) throw kvError('DROVER_ERR_KV_COMPACTED', `revision ${at} is older than the kept history (from ${compacted})`, { location: prefix });
      const records = new Map<string, Buffer>();
      for (const { key, value } of rows) records.set(keyString(key), value);
      const entries = rangeAtRevision({
        currentRecords: () => records,
        logEntry: (revision) => this.log.get(revision, { transaction }),
      }, prefix, at, current);
      return { entries, revision: at };
    } finally {
      transaction.done();
    }
  }

  async txn(txn: KvTxn): Promise<KvTxnResult> {
    this.assertUsable();
    validateTxn(txn);
    validateKeys(txn);
    let applied: AppliedTxn;
    try {
      applied = await this.root.transaction(() => this.applyInWriteTxn(txn));
    } catch (e) {
      this.failure ??= await commitFailureCause(e);
      throw kvError('DROVER_ERR_KV_FAILED', `embedded store commit failed; the store stopped (fail-stop): ${this.failure.message}`, { cause: this.failure });
    }
    if (applied.events.length > 0) this.publish(applied.revision);
    return { succeeded: applied.succeeded, revision: applied.revision };
  }

  watch(prefix: string, fromRevision: number): KvWatch {
    this.assertUsable();
    return new EmbeddedWatch(this, prefix, fromRevision);
  }

  election(name: string, candidateId: string, ttlSeconds: number): KvLeadership {
    void ttlSeconds;
    this.assertUsable();
    return this.elections.candidate(name, candidateId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.elections.closeAll();
    this.signalChange();
    await this.root.close();
    await this.lock.release();
  }

  // WatchSource

  publishedRevision(): number {
    return this.published;
  }

  compactedRevision(): number {
    return this.meta.get(compactKey) ?? 0;
  }

  readBatches(prefix: string, from: number, to: number): KvWatchBatch[] {
    const batches: KvWatchBatch[] = [];
    for (const { key: revision, value } of this.log.getRange({ start: from, end: to + 1 })) {
      const events = decodeLogEntry(value)
        .filter((e) => e.key.startsWith(prefix))
        .map((e) => (e.type === 'put'
          ? { type: 'put' as const, key: e.key, value: e.value, modRevision: revision }
          : { type: 'delete' as const, key: e.key, modRevision: revision }));
      if (events.length > 0) batches.push({ revision, events });
    }
    return batches;
  }

  nextChange(): Promise<void> {
    return this.changed;
  }

  isClosed(): boolean {
    return this.closed;
  }

  private applyInWriteTxn(txn: KvTxn): AppliedTxn {
    const current = this.meta.get(revisionKey) ?? 0;
    const applied = applyTxn(this.writeView, txn, current);
    if (applied.events.length === 0) return applied;
    const entry = encodeLogEntry(applied.events);
    this.meta.putSync(revisionKey, applied.revision);
    this.log.putSync(applied.revision, entry);
    this.compactLog(applied.revision, (this.meta.get(logBytesKey) ?? 0) + entry.length);
    return applied;
  }

  /** compactLog drops the oldest log entries beyond the history limits (always keeps the newest). */
  private compactLog(revision: number, logBytes: number): void {
    const before = this.meta.get(compactKey) ?? 0;
    let compacted = before;
    let bytes = logBytes;
    while (compacted + 1 < revision && (revision - compacted > this.history.revisions || bytes > this.history.bytes)) {
      compacted++;
      bytes -= this.log.getBinaryFast(compacted)?.length ?? 0;
      this.log.removeSync(compacted);
    }
    this.meta.putSync(logBytesKey, bytes);
    if (compacted !== before) this.meta.putSync(compactKey, compacted);
  }

  /** publish marks a revision durable and wakes watchers once all lower revisions are too. */
  private publish(revision: number): void {
    this.committedUnpublished.add(revision);
    let advanced = false;
    while (this.committedUnpublished.delete(this.published + 1)) {
      this.published++;
      advanced = true;
    }
    if (!advanced) return;
    this.root.resetReadTxn();
    const signal = this.signalChange;
    this.resetChange();
    signal();
  }

  private resetChange(): void {
    this.changed = new Promise((resolve) => { this.signalChange = resolve; });
  }

  private prefixRange(prefix: string): { start?: Buffer; end?: Buffer } {
    const start = keyBytes(prefix);
    const end = prefixEnd(start);
    return end === undefined ? (start.length === 0 ? {} : { start }) : { start, end };
  }

  private assertUsable(): void {
    if (this.closed) throw kvError('DROVER_ERR_KV_CLOSED', 'the embedded store is closed');
    if (this.failure !== undefined) throw kvError('DROVER_ERR_KV_FAILED', `the embedded store stopped after a failed commit: ${this.failure.message}`, { cause: this.failure });
  }
}
