/**
 * Small helpers for the KV tests: byte/text conversion and bounded waits on watch streams.
 */
import type t from 'tap';
import type { KvWatch, KvWatchBatch } from '../../server/kv/contract.js';

/** TapTest is the type of a tap subtest's `t`. */
export type TapTest = Parameters<Parameters<typeof t.test>[0]>[0];

/** bytes encodes text as a value. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** text decodes a value (undefined stays undefined). */
export function text(value: Uint8Array | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value).toString('utf8');
}

/**
 * takeBatches reads batches from `watch` until `done(batches)` holds, failing after `deadlineMs`.
 * The watch is left open (the caller closes it).
 */
export async function takeBatches(watch: KvWatch, done: (batches: KvWatchBatch[]) => boolean, deadlineMs = 10_000): Promise<KvWatchBatch[]> {
  const batches: KvWatchBatch[] = [];
  const iterator = watch[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watch: condition not met within ${deadlineMs}ms after ${batches.length} batches`)), deadlineMs);
  });
  try {
    while (!done(batches)) {
      const next = await Promise.race([iterator.next(), expired]);
      if (next.done === true) break;
      batches.push(next.value);
    }
    return batches;
  } finally {
    clearTimeout(timer);
  }
}

/** eventCount sums the events of `batches`. */
export function eventCount(batches: readonly KvWatchBatch[]): number {
  return batches.reduce((n, b) => n + b.events.length, 0);
}
