/**
 * EtcdKv: the HA KV backend on etcd 3.4 through the `etcd3` client. Keys live under a
 * namespace prefix; revisions are etcd's cluster-wide revisions (other prefixes' writes also
 * advance them, so watchers may see revision gaps between their own batches).
 *
 * Writes carry a deadline and are never retried by the client: a failed or timed-out txn
 * rejects with DROVER_ERR_KV_UNAVAILABLE ("maybe committed"), never resolves as failed.
 * Reads are linearizable (etcd's default). Large plan txns need etcd started with
 * `--max-txn-ops` >= the number of ops and `--max-request-bytes` above the txn size.
 */
import { Etcd3 } from 'etcd3';
import type { KvBackend, KvEntry, KvLeadership, KvRangeResult, KvTxn, KvTxnResult, KvWatch } from '../contract.js';
import { kvError } from '../errors.js';
import { validateTxn } from '../txn-validate.js';
import { EtcdLeadership } from './election.js';
import { mapEtcdError } from './errors.js';
import { noRetryPolicy } from './no-retry-policy.js';
import { Namespace, toTxnRequest } from './requests.js';
import { EtcdWatch } from './watch.js';

/** EtcdKvOptions configures openEtcdKv. */
export interface EtcdKvOptions {
  endpoints: string[];
  /** Namespace prefix for every key, e.g. `drover/`. */
  prefix: string;
  /** Deadline of each request in ms (default 5000). */
  requestTimeoutMs?: number;
  /** Keys per range RPC (default 10000); a range is read in pages at one revision. */
  rangePageSize?: number;
}

/** openEtcdKv connects and checks that etcd answers a read before returning. */
export async function openEtcdKv(opts: EtcdKvOptions): Promise<EtcdKv> {
  if (opts.endpoints.length === 0) throw kvError('DROVER_ERR_KV_INVALID', 'no etcd endpoints given', { location: 'endpoints' });
  const client = new Etcd3({
    hosts: opts.endpoints,
    faultHandling: { global: noRetryPolicy(), host: () => noRetryPolicy() },
    grpcOptions: { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 },
  });
  const kv = new EtcdKv(client, new Namespace(opts.prefix), opts.requestTimeoutMs ?? 5000, opts.rangePageSize ?? 10_000);
  try {
    await kv.revision();
  } catch (e) {
    client.close();
    throw e;
  }
  return kv;
}

/** EtcdKv implements KvBackend on etcd. */
export class EtcdKv implements KvBackend {
  readonly kind = 'etcd' as const;
  private readonly leaderships = new Set<EtcdLeadership>();
  private readonly watches = new Set<KvWatch>();
  private closed = false;

  constructor(private readonly client: Etcd3, private readonly ns: Namespace, private readonly timeoutMs: number, private readonly rangePageSize: number) {}

  async revision(): Promise<number> {
    const res = await this.call('', () => this.client.kv.range({ ...this.ns.range(''), keys_only: true, limit: 1 }, this.deadline()));
    return Number(res.header.revision);
  }

  async get(key: string): Promise<KvEntry | undefined> {
    const res = await this.call(key, () => this.client.kv.range({ key: this.ns.key(key) }, this.deadline()));
    const kv = res.kvs[0];
    return kv === undefined ? undefined : this.toEntry(kv);
  }

  /** range reads in pages of `rangePageSize` keys, all at one revision, so a 1M-key table loads without one giant response. */
  async range(prefix: string, opts: { revision?: number } = {}): Promise<KvRangeResult> {
    const { key, range_end } = this.ns.range(prefix);
    let revision = opts.revision;
    let from = key;
    const entries: KvEntry[] = [];
    for (;;) {
      const request = { key: from, range_end, limit: this.rangePageSize, ...(revision === undefined ? {} : { revision }) };
      const res = await this.call(prefix, () => this.client.kv.range(request, this.deadline()));
      revision ??= Number(res.header.revision);
      for (const kv of res.kvs) entries.push(this.toEntry(kv));
      const last = res.kvs[res.kvs.length - 1];
      if (!res.more || last === undefined) return { entries, revision };
      from = Buffer.concat([last.key, Buffer.from([0])]);
    }
  }

  async txn(txn: KvTxn): Promise<KvTxnResult> {
    validateTxn(txn);
    const request = toTxnRequest(this.ns, txn);
    const res = await this.call(txn.ops[0]?.kind === 'deletePrefix' ? txn.ops[0].prefix : (txn.ops[0]?.key ?? ''),
      () => this.client.kv.txn(request, this.deadline()));
    return { succeeded: res.succeeded, revision: Number(res.header.revision) };
  }

  watch(prefix: string, fromRevision: number): KvWatch {
    this.assertOpen();
    const watch: KvWatch = new EtcdWatch(this.client, this.ns, prefix, fromRevision, () => this.watches.delete(watch));
    this.watches.add(watch);
    return watch;
  }

  election(name: string, candidateId: string, ttlSeconds: number): KvLeadership {
    this.assertOpen();
    const leadership = new EtcdLeadership(this.client, this, name, candidateId, ttlSeconds, (who) => this.leaderships.delete(who));
    this.leaderships.add(leadership);
    return leadership;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const watch of this.watches) watch.close();
    await Promise.all([...this.leaderships].map((l) => l.resign()));
    this.client.close();
  }

  private toEntry(kv: { key: Buffer; value: Buffer; create_revision: string; mod_revision: string; version: string }): KvEntry {
    return {
      key: this.ns.strip(kv.key),
      value: kv.value,
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
      version: Number(kv.version),
    };
  }

  private deadline(): { deadline: number } {
    return { deadline: Date.now() + this.timeoutMs };
  }

  private async call<T>(location: string, request: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await request();
    } catch (e) {
      throw mapEtcdError(e, location);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw kvError('DROVER_ERR_KV_CLOSED', 'the etcd backend is closed');
  }
}
