/**
 * openKv: the one entry point to the KV layer. `embedded` for a single server (LMDB on local
 * disk), `etcd` for HA servers sharing an etcd 3.4 cluster.
 */
import { assertNever } from '../../api/errors.js';
import type { KvBackend } from './contract.js';
import { openEmbeddedKv } from './embedded/store.js';
import { openEtcdKv } from './etcd/client.js';

/** KvOpenOptions selects and configures a backend. */
export type KvOpenOptions =
  | { kind: 'embedded'; dataDir: string; historyRevisions?: number; historyBytes?: number }
  | { kind: 'etcd'; endpoints: string[]; prefix: string; requestTimeoutMs?: number; rangePageSize?: number };

/** openKv opens the configured backend; the caller owns it and must `close()` it. */
export async function openKv(opts: KvOpenOptions): Promise<KvBackend> {
  switch (opts.kind) {
    case 'embedded':
      return openEmbeddedKv(opts);
    case 'etcd':
      return openEtcdKv(opts);
    default:
      return assertNever(opts, 'kv backend kind');
  }
}

export type { KvBackend } from './contract.js';
export { fencedKv } from './fenced.js';
export { kvError, type KvErrorCode } from './errors.js';
