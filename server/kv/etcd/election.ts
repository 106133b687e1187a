/**
 * Leader election on etcd, the etcd `concurrency.Election` recipe with our own fence:
 * - grant a lease (TTL) kept alive by etcd3;
 * - put `_election/<name>/<candidateId>` = candidateId attached to the lease;
 *   that put's revision is the fence (the key is never written again while we hold it);
 * - the candidate whose key has the lowest createRevision leads; others wait for a delete under
 *   the election prefix and look again.
 * `lost` resolves when the lease is revoked/expired or no keepalive has succeeded for a full TTL
 * (we do not wait for etcd3's own 2x TTL). Fencing, not the lease, is what makes writes safe.
 */
import type { Etcd3, Lease } from 'etcd3';
import type { KvBackend, KvLeadership } from '../contract.js';
import { isDroverError } from '../../../api/errors.js';
import { kvError } from '../errors.js';
import { mapEtcdError } from './errors.js';

/** electionPrefix is the key prefix shared by all candidates of `name`. */
export function electionPrefix(name: string): string {
  return `_election/${name}/`;
}

/** EtcdLeadership is one candidate's campaign. */
export class EtcdLeadership implements KvLeadership {
  readonly leaderKey: string;
  readonly lost: Promise<void>;
  private resolveLost!: () => void;
  private isLost = false;
  private lease: Lease | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastKeepAlive = 0;

  constructor(
    private readonly client: Etcd3,
    private readonly kv: KvBackend,
    private readonly name: string,
    private readonly candidateId: string,
    private readonly ttlSeconds: number,
    private readonly onEnd: (who: EtcdLeadership) => void,
  ) {
    this.leaderKey = electionPrefix(name) + candidateId;
    this.lost = new Promise((resolve) => { this.resolveLost = resolve; });
  }

  async campaign(): Promise<{ fenceRevision: number }> {
    if (this.isLost || this.lease !== undefined) throw kvError('DROVER_ERR_KV_INVALID', `candidate ${this.candidateId} already campaigned`, { location: this.leaderKey });
    try {
      return await this.campaignWithLease();
    } catch (e) {
      await this.resign();
      throw isDroverError(e) ? e : mapEtcdError(e, this.leaderKey);
    }
  }

  private async campaignWithLease(): Promise<{ fenceRevision: number }> {
    const ttl = Math.max(1, Math.ceil(this.ttlSeconds));
    const lease = this.client.lease(ttl, { autoKeepAlive: true });
    this.lease = lease;
    lease.on('lost', () => this.markLost());
    lease.on('keepaliveSucceeded', () => { this.lastKeepAlive = Date.now(); });
    const leaseId = await lease.grant();
    this.lastKeepAlive = Date.now();
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastKeepAlive > ttl * 1000) this.markLost();
    }, Math.max(100, (ttl * 1000) / 4));
    this.watchdog.unref();
    const put = await this.kv.txn({ ops: [{ kind: 'put', key: this.leaderKey, value: Buffer.from(this.candidateId, 'utf8'), lease: leaseId }] });
    const fenceRevision = put.revision;
    for (;;) {
      if (this.isLost) throw this.lostError();
      const { entries, revision } = await this.kv.range(electionPrefix(this.name));
      const mine = entries.find((e) => e.key === this.leaderKey);
      if (mine === undefined || mine.modRevision !== fenceRevision) {
        this.markLost();
        throw this.lostError();
      }
      const first = entries.reduce((a, b) => (b.createRevision < a.createRevision ? b : a), mine);
      if (first.key === this.leaderKey) return { fenceRevision };
      await this.waitForDelete(revision + 1);
    }
  }

  async resign(): Promise<void> {
    const lease = this.lease;
    this.markLost();
    if (lease !== undefined && !lease.revoked()) await lease.revoke().catch(() => undefined);
  }

  /** markLost ends the leadership (idempotent). */
  markLost(): void {
    if (this.isLost) return;
    this.isLost = true;
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.resolveLost();
    this.onEnd(this);
  }

  private async waitForDelete(fromRevision: number): Promise<void> {
    const watch = this.kv.watch(electionPrefix(this.name), fromRevision);
    const deleted = (async () => {
      for await (const batch of watch) {
        if (batch.events.some((e) => e.type === 'delete')) return;
      }
    })();
    try {
      await Promise.race([deleted, this.lost]);
    } finally {
      watch.close();
    }
  }

  private lostError(): Error {
    return kvError('DROVER_ERR_KV_FENCED', `candidate ${this.candidateId} lost its lease for election ${this.name}`, { location: this.leaderKey });
  }
}
