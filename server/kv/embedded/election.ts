/**
 * In-process election for the embedded (single-server) backend. There is exactly one server,
 * so the first candidate wins at once; later candidates for the same name queue until the
 * holder resigns or the store closes. TTLs are ignored: a process that dies loses leadership
 * with its memory, and the next process to campaign overwrites the leader key.
 *
 * The fence is real: winning writes the leader key `_election/<name>` in a txn and returns its
 * modRevision, so `fencedKv` rejects writes of a leader that has since been replaced.
 */
import type { KvLeadership, KvTxn, KvTxnResult } from '../contract.js';
import { kvError } from '../errors.js';

/** electionLeaderKey is where the embedded leader of `name` is recorded. */
export function electionLeaderKey(name: string): string {
  return `_election/${name}`;
}

interface Seat {
  holder: EmbeddedLeadership | undefined;
  waiting: EmbeddedLeadership[];
}

/** ElectionRegistry tracks who holds each named election inside this process. */
export class ElectionRegistry {
  private readonly seats = new Map<string, Seat>();
  private closed = false;

  constructor(private readonly writeTxn: (txn: KvTxn) => Promise<KvTxnResult>) {}

  /** candidate creates a leadership handle; nothing happens until `campaign()`. */
  candidate(name: string, candidateId: string): KvLeadership {
    return new EmbeddedLeadership(this, name, candidateId);
  }

  /** closeAll ends every leadership (store closing): holders and waiters see `lost`. */
  closeAll(): void {
    this.closed = true;
    for (const seat of this.seats.values()) {
      seat.holder?.markLost();
      for (const waiter of seat.waiting) waiter.markLost();
    }
    this.seats.clear();
  }

  /** take seats the candidate now or queues it; resolves true once it holds the seat. */
  take(name: string, who: EmbeddedLeadership): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const seat = this.seats.get(name) ?? { holder: undefined, waiting: [] };
    this.seats.set(name, seat);
    if (seat.holder === undefined || seat.holder === who) {
      seat.holder = who;
      return Promise.resolve(true);
    }
    seat.waiting.push(who);
    return who.seated;
  }

  /** leave frees the seat (or the queue place) and seats the next waiter. */
  leave(name: string, who: EmbeddedLeadership): void {
    const seat = this.seats.get(name);
    if (seat === undefined) return;
    seat.waiting = seat.waiting.filter((w) => w !== who);
    if (seat.holder !== who) return;
    seat.holder = seat.waiting.shift();
    seat.holder?.markSeated();
  }

  /** write commits the winner's leader key. */
  write(txn: KvTxn): Promise<KvTxnResult> {
    return this.writeTxn(txn);
  }
}

class EmbeddedLeadership implements KvLeadership {
  readonly leaderKey: string;
  readonly lost: Promise<void>;
  readonly seated: Promise<boolean>;
  private resolveLost!: () => void;
  private resolveSeated!: (won: boolean) => void;
  private isLost = false;

  constructor(private readonly registry: ElectionRegistry, private readonly name: string, private readonly candidateId: string) {
    this.leaderKey = electionLeaderKey(name);
    this.lost = new Promise((resolve) => { this.resolveLost = resolve; });
    this.seated = new Promise((resolve) => { this.resolveSeated = resolve; });
  }

  async campaign(): Promise<{ fenceRevision: number }> {
    if (this.isLost) throw kvError('DROVER_ERR_KV_CLOSED', `candidate ${this.candidateId} already resigned or lost`, { location: this.leaderKey });
    const won = await this.registry.take(this.name, this);
    if (!won || this.isLost) throw kvError('DROVER_ERR_KV_CLOSED', `election ${this.name} ended before ${this.candidateId} won`, { location: this.leaderKey });
    const result = await this.registry.write({ ops: [{ kind: 'put', key: this.leaderKey, value: Buffer.from(this.candidateId, 'utf8') }] });
    return { fenceRevision: result.revision };
  }

  resign(): Promise<void> {
    this.registry.leave(this.name, this);
    this.markLost();
    return Promise.resolve();
  }

  markSeated(): void {
    this.resolveSeated(true);
  }

  markLost(): void {
    this.isLost = true;
    this.resolveSeated(false);
    this.resolveLost();
  }
}
