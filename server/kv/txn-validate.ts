/**
 * validateTxn rejects txns that etcd would refuse (so both backends agree): a key written twice,
 * or a put/delete of a key that a deletePrefix of the same txn also covers.
 */
import { assertNever } from '../../api/errors.js';
import type { KvTxn } from './contract.js';
import { kvError } from './errors.js';

/** validateTxn throws DROVER_ERR_KV_INVALID when two ops of `txn` touch the same key. */
export function validateTxn(txn: KvTxn): void {
  const written = new Set<string>();
  const deletedPrefixes: string[] = [];
  for (const op of txn.ops) {
    switch (op.kind) {
      case 'put':
      case 'delete':
        if (written.has(op.key)) {
          throw kvError('DROVER_ERR_KV_INVALID', `key ${JSON.stringify(op.key)} is written twice in one txn`, { location: op.key });
        }
        written.add(op.key);
        break;
      case 'deletePrefix':
        deletedPrefixes.push(op.prefix);
        break;
      default:
        assertNever(op, 'kv op');
    }
  }
  for (const prefix of deletedPrefixes) {
    for (const key of written) {
      if (key.startsWith(prefix)) {
        throw kvError('DROVER_ERR_KV_INVALID', `key ${JSON.stringify(key)} is also covered by deletePrefix ${JSON.stringify(prefix)}`, { location: key });
      }
    }
  }
}
