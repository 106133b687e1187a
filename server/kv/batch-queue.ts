/**
 * BatchQueue: a push-fed, single-consumer async iterable of watch batches. Producers call
 * `push`, `fail` or `end`; the consumer iterates. Batches are never reordered or dropped.
 */
import type { KvWatchBatch } from './contract.js';

/** BatchQueue buffers batches until the consumer pulls them. */
export class BatchQueue implements AsyncIterable<KvWatchBatch> {
  private readonly buffered: KvWatchBatch[] = [];
  private failure: Error | undefined;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly stream: AsyncGenerator<KvWatchBatch> = this.drain();

  /** push appends one batch (ignored after end). */
  push(batch: KvWatchBatch): void {
    if (this.ended) return;
    this.buffered.push(batch);
    this.signal();
  }

  /** fail ends the stream with an error, delivered after the already buffered batches. */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.ended = true;
    this.signal();
  }

  /** end finishes the stream; buffered batches are dropped (the consumer asked to stop). */
  end(): void {
    this.ended = true;
    this.buffered.length = 0;
    this.signal();
  }

  /** isEnded reports whether end or fail was called. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Every call returns the same stream (single consumer); leaving a for-await loop ends it. */
  [Symbol.asyncIterator](): AsyncIterator<KvWatchBatch> {
    return this.stream;
  }

  private async *drain(): AsyncGenerator<KvWatchBatch> {
    for (;;) {
      const next = this.buffered.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
