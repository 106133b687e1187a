/**
 * FlakyKv: a KvBackend that delegates to a real one (the embedded store) but whose watches can
 * be broken on demand and whose reads can be taken "down", to test how the store mirror
 * survives a lost KV connection. Writes always go through (another server keeps writing).
 */
import type { KvBackend, KvEntry, KvLeadership, KvRangeResult, KvTxn, KvTxnResult, KvWatch, KvWatchBatch } from '../../server/kv/contract.js';
import { kvError } from '../../server/kv/errors.js';

/** FlakyWatch wraps one inner watch; `fail` makes its consumer's next read throw. */
class FlakyWatch implements KvWatch {
  private error: Error | undefined;
  private interrupt: (() => void) | undefined;

  constructor(private readonly inner: KvWatch | undefined, error?: Error) {
    this.error = error;
  }

  /** fail ends the stream with `err` (a pending read rejects at once). */
  fail(err: Error): void {
    this.error ??= err;
    this.inner?.close();
    this.interrupt?.();
  }

  close(): void {
    this.inner?.close();
    this.interrupt?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<KvWatchBatch> {
    if (this.inner === undefined) throw this.error ?? new Error('no inner watch');
    const it = this.inner[Symbol.asyncIterator]();
    for (;;) {
      if (this.error !== undefined) throw this.error;
      const interrupted = new Promise<undefined>((resolve) => { this.interrupt = () => resolve(undefined); });
      const next = await Promise.race([it.next(), interrupted]);
      this.interrupt = undefined;
      if (this.error !== undefined) throw this.error;
      if (next === undefined || next.done === true) return;
      yield next.value;
    }
  }
}

/** FlakyKv delegates to `inner`; see the file comment. */
export class FlakyKv implements KvBackend {
  readonly kind: KvBackend['kind'];
  /** Ranges refused while down (the mirror's resync attempts). */
  failedRanges = 0;
  /** Ranges served (initial load and successful resyncs). */
  ranges = 0;
  private down = false;
  private readonly watches = new Set<FlakyWatch>();

  constructor(readonly inner: KvBackend) {
    this.kind = inner.kind;
  }

  /** breakWatches makes every open watch throw `err`. */
  breakWatches(err: Error): void {
    for (const w of this.watches) w.fail(err);
    this.watches.clear();
  }

  /** setDown: while down, `range` and `watch` fail with DROVER_ERR_KV_UNAVAILABLE. */
  setDown(down: boolean): void {
    this.down = down;
  }

  revision(): Promise<number> {
    return this.inner.revision();
  }

  get(key: string): Promise<KvEntry | undefined> {
    return this.inner.get(key);
  }

  async range(prefix: string, opts?: { revision?: number }): Promise<KvRangeResult> {
    if (this.down) {
      this.failedRanges++;
      throw kvError('DROVER_ERR_KV_UNAVAILABLE', 'flaky kv: down');
    }
    this.ranges++;
    return this.inner.range(prefix, opts);
  }

  txn(txn: KvTxn): Promise<KvTxnResult> {
    return this.inner.txn(txn);
  }

  watch(prefix: string, fromRevision: number): KvWatch {
    const w = this.down
      ? new FlakyWatch(undefined, kvError('DROVER_ERR_KV_UNAVAILABLE', 'flaky kv: down'))
      : new FlakyWatch(this.inner.watch(prefix, fromRevision));
    this.watches.add(w);
    return w;
  }

  election(name: string, candidateId: string, ttlSeconds: number): KvLeadership {
    return this.inner.election(name, candidateId, ttlSeconds);
  }

  close(): Promise<void> {
    this.breakWatches(kvError('DROVER_ERR_KV_CLOSED', 'flaky kv: closed'));
    return this.inner.close();
  }
}
