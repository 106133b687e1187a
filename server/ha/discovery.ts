/**
 * ServerDiscovery: who the servers are and which one leads, as seen in the KV store.
 *
 * - Liveness and leadership come from the election: every server campaigns with the key
 *   `_election/<name>/<serverId>` attached to its lease, and the key with the lowest
 *   createRevision is the leader (the etcd `Election` recipe the backend implements).
 * - Addresses come from `_servers/<serverId>` = JSON `{ ID, Addr, Region }`, written by each
 *   server once its HTTP API listens. These keys carry no lease (the KV contract has none to
 *   offer); a dead server's record stays but is ignored, because only candidates with a live
 *   election key are listed.
 *
 * The view is refreshed on every change under `_` (a watch) and every `pollMs` as a safety net
 * (a watch may lag or end; a range is authoritative). It is a hint used for forwarding only:
 * writes are safe regardless, because every leader write is fenced.
 */
import type { KvBackend, KvWatch } from '../kv/contract.js';
import { electionPrefix } from '../kv/etcd/election.js';

/** SERVERS_PREFIX is where servers publish their advertised HTTP addresses. */
export const SERVERS_PREFIX = '_servers/';

/** ServerRecord is one server's published identity. */
export interface ServerRecord {
  ID: string;
  /** Advertised HTTP address, host:port. */
  Addr: string;
  Region: string;
}

/** DiscoveryView is one refresh's answer. */
export interface DiscoveryView {
  /** The leader's address, or undefined when no leader (or its address) is known. */
  leaderAddr: string | undefined;
  leaderId: string | undefined;
  /** Addresses of every server with a live candidacy, sorted. */
  peers: string[];
}

/** ServerDiscoveryOptions configure a ServerDiscovery. */
export interface ServerDiscoveryOptions {
  kv: KvBackend;
  electionName: string;
  /** This server's record (read when publishing, after the HTTP API listens). */
  self(): ServerRecord;
  pollMs?: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

const decoder = new TextDecoder();

/** ServerDiscovery keeps a current DiscoveryView. */
export class ServerDiscovery {
  private view: DiscoveryView = { leaderAddr: undefined, leaderId: undefined, peers: [] };
  private published = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private watch: KvWatch | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly opts: ServerDiscoveryOptions) {}

  /** current is the latest view (a hint). */
  get current(): DiscoveryView {
    return this.view;
  }

  /** start publishes this server's record and starts following changes. */
  start(): void {
    this.timer = setInterval(() => { void this.tick(); }, this.opts.pollMs ?? 1_000);
    this.timer.unref();
    void this.tick();
    this.follow();
  }

  /** refresh re-reads the view now (coalesces concurrent calls). */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.read();
      } while (this.again && !this.closed);
    })().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  /** close stops following. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.watch?.close();
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.published) await this.publish();
      await this.refresh();
    } catch (err) {
      if (!this.closed) this.opts.log('warn', `server discovery: ${String(err)}`);
    }
  }

  private async publish(): Promise<void> {
    const self = this.opts.self();
    await this.opts.kv.txn({ ops: [{ kind: 'put', key: SERVERS_PREFIX + self.ID, value: Buffer.from(JSON.stringify(self), 'utf8') }] });
    this.published = true;
  }

  private follow(): void {
    if (this.closed) return;
    void (async () => {
      try {
        const from = (await this.opts.kv.revision()) + 1;
        if (this.closed) return;
        const watch = this.opts.kv.watch('_', from);
        this.watch = watch;
        for await (const batch of watch) {
          if (batch.events.some((e) => e.key.startsWith(SERVERS_PREFIX) || e.key.startsWith(electionPrefix(this.opts.electionName)))) void this.refresh().catch(() => undefined);
        }
      } catch {
        // The poll keeps the view current; try to watch again shortly.
      }
      if (!this.closed) setTimeout(() => this.follow(), 1_000).unref();
    })();
  }

  private async read(): Promise<void> {
    const prefix = electionPrefix(this.opts.electionName);
    const [candidates, servers] = await Promise.all([this.opts.kv.range(prefix), this.opts.kv.range(SERVERS_PREFIX)]);
    const addrs = new Map<string, string>();
    for (const e of servers.entries) {
      try {
        const rec = JSON.parse(decoder.decode(e.value)) as Partial<ServerRecord>;
        if (typeof rec.ID === 'string' && typeof rec.Addr === 'string') addrs.set(rec.ID, rec.Addr);
      } catch {
        // A malformed record is ignored (it names no address).
      }
    }
    const live = [...candidates.entries].sort((a, b) => a.createRevision - b.createRevision);
    const leaderId = live[0]?.key.slice(prefix.length);
    const peers = [...new Set(live.map((e) => addrs.get(e.key.slice(prefix.length))).filter((a): a is string => a !== undefined))].sort();
    this.view = { leaderId, leaderAddr: leaderId === undefined ? undefined : addrs.get(leaderId), peers };
  }
}
