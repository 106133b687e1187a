/**
 * mapEtcdError turns an etcd3/gRPC failure into a coded KV error. For writes, every failure that
 * is not a definite rejection by etcd (bad request, too large) is DROVER_ERR_KV_UNAVAILABLE:
 * "maybe committed" (a timeout or a lost connection says nothing about the outcome).
 */
import type { DroverError } from '../../../api/errors.js';
import { kvError } from '../errors.js';

/** mapEtcdError classifies `e` from an operation on `location` (a key or prefix). */
export function mapEtcdError(e: unknown, location: string): DroverError {
  const message = e instanceof Error ? e.message : String(e);
  if (/required revision has been compacted/i.test(message)) {
    return kvError('DROVER_ERR_KV_COMPACTED', message, { location, cause: e });
  }
  if (/future revision/i.test(message)) {
    return kvError('DROVER_ERR_KV_FUTURE_REVISION', message, { location, cause: e });
  }
  if (/too many operations in txn request|request is too large|larger than max|ResourceExhausted|RESOURCE_EXHAUSTED/i.test(message)) {
    return kvError('DROVER_ERR_KV_TXN_TOO_LARGE', `etcd refused the txn (not committed): ${message}; raise etcd --max-txn-ops / --max-request-bytes`, { location, cause: e });
  }
  if (/duplicate key given in txn request|key is not provided/i.test(message)) {
    return kvError('DROVER_ERR_KV_INVALID', message, { location, cause: e });
  }
  if (/client was already closed/i.test(message)) {
    return kvError('DROVER_ERR_KV_CLOSED', message, { location, cause: e });
  }
  return kvError('DROVER_ERR_KV_UNAVAILABLE', `etcd request failed, outcome unknown (maybe committed): ${message}`, { location, cause: e });
}
