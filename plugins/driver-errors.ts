/**
 * Error codes drivers use that the client branches on. Branch on `err.code` (see api/errors.ts).
 */

/** Start failed and retrying may help (the restart policy applies). */
export const TASK_START_RECOVERABLE = 'DROVER_ERR_TASK_START_RECOVERABLE';
/** Start failed for good (bad config, missing binary): do not restart. */
export const TASK_START_FAILED = 'DROVER_ERR_TASK_START';
/** The task is unknown or could not be recovered: the client should start it again. */
export const TASK_NOT_FOUND = 'DROVER_ERR_TASK_NOT_FOUND';

/** isRecoverableStartError tells the client whether a start error may be retried. */
export function isRecoverableStartError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === TASK_START_RECOVERABLE;
}
