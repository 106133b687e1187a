/**
 * EmbeddedWatch replays a prefix from the change log and then follows new commits. The log is
 * the single source of truth: a commit notification only wakes the watcher, which reads the
 * next revisions from LMDB. So catch-up and live delivery share one path, and a watcher never
 * sees a gap or a revision twice.
 */
import type { KvWatch, KvWatchBatch } from '../contract.js';
import { kvError } from '../errors.js';

/** WatchSource is what a watcher needs from the store. */
export interface WatchSource {
  /** Highest revision whose commit is durable and published (all lower ones are too). */
  publishedRevision(): number;
  /** Highest revision whose log entry was dropped (watching from <= it is impossible). */
  compactedRevision(): number;
  /** Batches for revisions in [from, to] with events under prefix, in order. */
  readBatches(prefix: string, from: number, to: number): KvWatchBatch[];
  /** Resolves at the next publish or at close. */
  nextChange(): Promise<void>;
  isClosed(): boolean;
}

const revisionsPerRead = 256;

/** EmbeddedWatch is one watch stream (single consumer). */
export class EmbeddedWatch implements KvWatch {
  private closed = false;
  private wakeConsumer: (() => void) | undefined;
  private readonly batches: AsyncGenerator<KvWatchBatch>;

  constructor(private readonly source: WatchSource, private readonly prefix: string, private readonly fromRevision: number) {
    this.batches = this.follow();
  }

  close(): void {
    this.closed = true;
    this.wakeConsumer?.();
  }

  /** Every call returns the same stream: iterating again continues where the last loop stopped. */
  [Symbol.asyncIterator](): AsyncIterator<KvWatchBatch> {
    return this.batches;
  }

  private async *follow(): AsyncGenerator<KvWatchBatch> {
    let cursor = Math.max(1, this.fromRevision);
    while (!this.closed && !this.source.isClosed()) {
      const published = this.source.publishedRevision();
      if (cursor > published) {
        await this.waitForChange();
        continue;
      }
      if (cursor <= this.source.compactedRevision()) {
        throw kvError('DROVER_ERR_KV_COMPACTED', `watch from revision ${cursor}: history up to ${this.source.compactedRevision()} was compacted`, { location: this.prefix });
      }
      const to = Math.min(published, cursor + revisionsPerRead - 1);
      for (const batch of this.source.readBatches(this.prefix, cursor, to)) {
        if (this.closed) return;
        yield batch;
      }
      cursor = to + 1;
    }
  }

  private async waitForChange(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.wakeConsumer = resolve;
      void this.source.nextChange().then(resolve);
    });
    this.wakeConsumer = undefined;
  }
}
