/**
 * fencedKv: the leader's view of the store. Every txn gets the extra compare
 * `modRevision(leaderKey) = fenceRevision`, so once another candidate has won (or our lease
 * expired and the key was deleted) none of our writes can commit, however stale our belief.
 *
 * A txn whose compares fail because of the fence rejects with DROVER_ERR_KV_FENCED (definitely
 * not committed; the caller must step down). Other compare failures resolve `succeeded: false`
 * as usual, and transport failures keep the backend's "maybe committed" rejection.
 */
import type { KvBackend, KvTxn, KvTxnResult } from './contract.js';
import { kvError } from './errors.js';

/** fencedKv wraps `backend` so that all txns are fenced on the leader key's revision. */
export function fencedKv(backend: KvBackend, leaderKey: string, fenceRevision: number): KvBackend {
  const fence = { kind: 'modRevision', key: leaderKey, op: '=', revision: fenceRevision } as const;
  async function txn(request: KvTxn): Promise<KvTxnResult> {
    const result = await backend.txn({ compare: [fence, ...(request.compare ?? [])], ops: request.ops });
    if (result.succeeded) return result;
    // The txn definitely failed; if the fence check cannot run, report that plain failure.
    const holder = await backend.txn({ compare: [fence], ops: [] }).catch(() => ({ succeeded: true }));
    if (!holder.succeeded) {
      throw kvError('DROVER_ERR_KV_FENCED', `leadership fenced at revision ${fenceRevision} was lost (leader key ${leaderKey} changed)`, { location: leaderKey });
    }
    return result;
  }
  return {
    kind: backend.kind,
    revision: () => backend.revision(),
    get: (key) => backend.get(key),
    range: (prefix, opts) => backend.range(prefix, opts),
    txn,
    watch: (prefix, fromRevision) => backend.watch(prefix, fromRevision),
    election: (name, candidateId, ttlSeconds) => backend.election(name, candidateId, ttlSeconds),
    close: () => backend.close(),
  };
}
