/**
 * Coded errors of the KV layer. Every failure a caller may branch on has a stable code;
 * `DROVER_ERR_KV_UNAVAILABLE` is the one "maybe committed" outcome of a write.
 */
import { DroverError } from '../../api/errors.js';

/** KvErrorCode lists the codes thrown by server/kv. */
export type KvErrorCode =
  | 'DROVER_ERR_KV_COMPACTED'
  | 'DROVER_ERR_KV_FUTURE_REVISION'
  | 'DROVER_ERR_KV_UNAVAILABLE'
  | 'DROVER_ERR_KV_CLOSED'
  | 'DROVER_ERR_KV_FAILED'
  | 'DROVER_ERR_KV_FENCED'
  | 'DROVER_ERR_KV_TXN_TOO_LARGE'
  | 'DROVER_ERR_KV_LOCKED'
  | 'DROVER_ERR_KV_INVALID';

const statusByCode: Record<KvErrorCode, number> = {
  DROVER_ERR_KV_COMPACTED: 410,
  DROVER_ERR_KV_FUTURE_REVISION: 400,
  DROVER_ERR_KV_UNAVAILABLE: 503,
  DROVER_ERR_KV_CLOSED: 503,
  DROVER_ERR_KV_FAILED: 500,
  DROVER_ERR_KV_FENCED: 503,
  DROVER_ERR_KV_TXN_TOO_LARGE: 413,
  DROVER_ERR_KV_LOCKED: 500,
  DROVER_ERR_KV_INVALID: 400,
};

/** kvError builds a DroverError with the code's HTTP status; `location` names the key or option. */
export function kvError(code: KvErrorCode, message: string, opts: { location?: string; cause?: unknown } = {}): DroverError {
  return new DroverError(code, message, { statusCode: statusByCode[code], ...opts });
}
