/**
 * Limits of the embedded engine: LMDB keys are at most ~1978 bytes (lmdb-js default build).
 */
import type { KvTxn } from '../contract.js';
import { kvError } from '../errors.js';

/** maxKeyBytes is the longest key the embedded store accepts. */
export const maxKeyBytes = 1900;

/** validateKeys rejects empty or over-long keys before the write transaction starts. */
export function validateKeys(txn: KvTxn): void {
  for (const op of txn.ops) {
    const key = op.kind === 'deletePrefix' ? undefined : op.key;
    if (key === undefined) continue;
    const size = Buffer.byteLength(key, 'utf8');
    if (size === 0 || size > maxKeyBytes) {
      throw kvError('DROVER_ERR_KV_INVALID', `key must be 1..${maxKeyBytes} bytes, got ${size}`, { location: key.slice(0, 80) });
    }
  }
}
