/**
 * How the store mirror classifies KV failures: which errors end it for good, how long it waits
 * between resync attempts, and the coded error its waiters get once it stopped.
 */
import { DroverError, isDroverError } from '../../api/errors.js';

/** RESYNC_MIN_MS / RESYNC_MAX_MS bound the backoff between resync attempts. */
export const RESYNC_MIN_MS = 50;
export const RESYNC_MAX_MS = 2_000;

/**
 * isTerminalKvError: the KV will never serve again. `DROVER_ERR_KV_FAILED` is the embedded
 * store's fail-stop; `DROVER_ERR_KV_CLOSED` means its owner closed the backend. Everything else
 * (unavailable, compacted, ...) is retried by a resync.
 */
export function isTerminalKvError(err: unknown): boolean {
  return isDroverError(err) && (err.code === 'DROVER_ERR_KV_FAILED' || err.code === 'DROVER_ERR_KV_CLOSED');
}

/** resyncDelayMs is the wait before retry `attempt` (1, 2, ...): 50 ms doubling up to 2 s. */
export function resyncDelayMs(attempt: number): number {
  return Math.min(RESYNC_MIN_MS * 2 ** Math.max(0, attempt - 1), RESYNC_MAX_MS);
}

/** staleError is the error of every wait on a mirror that stopped following the KV. */
export function staleError(message: string, cause?: unknown): DroverError {
  const detail = cause === undefined ? '' : `: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new DroverError('DROVER_ERR_STATE_STALE', `${message}${detail}`, { statusCode: 503, cause });
}
