/** waitFor: poll a condition until it yields a value, with a deadline and an abort signal. */
import { setTimeout as sleep } from 'node:timers/promises';
import { DroverError } from '../../api/errors.js';

/** WaitForOptions bound a poll loop. `timeoutMs` undefined means no deadline. */
export interface WaitForOptions {
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  what: string;
}

/**
 * waitFor calls `probe` until it returns something other than undefined. Throws
 * DROVER_ERR_TIMEOUT after `timeoutMs`, DROVER_ERR_ABORTED when `signal` aborts.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitForOptions): Promise<T> {
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 25;
  for (;;) {
    if (opts.signal?.aborted === true) throw new DroverError('DROVER_ERR_ABORTED', `stopped waiting for ${opts.what}`);
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new DroverError('DROVER_ERR_TIMEOUT', `timed out after ${opts.timeoutMs}ms waiting for ${opts.what}`, { statusCode: 504 });
    try {
      await sleep(pollMs, undefined, opts.signal === undefined ? undefined : { signal: opts.signal });
    } catch {
      throw new DroverError('DROVER_ERR_ABORTED', `stopped waiting for ${opts.what}`);
    }
  }
}
