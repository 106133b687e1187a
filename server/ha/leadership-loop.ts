/**
 * LeadershipLoop: campaign, lead, step down, campaign again — for as long as the server runs.
 *
 *   campaign ──won──► wait for the mirror to reach the fence ──► leader.establish() (term)
 *      ▲                                                               │
 *      └── resign ◄── leader.revoke() ◄── step down: election `lost`, a fenced write
 *                                          (DROVER_ERR_KV_FENCED), or a plan commit whose
 *                                          outcome is unknown (DROVER_ERR_KV_UNAVAILABLE)
 *
 * Every term has its own fenced writer (`fencedKv` on the leader key's revision), so a write of
 * an ended term can never commit. A term ends at most once; `writeFailed` only ends the term
 * that issued the failed write. See contributing/ha.md and decisions/0015.
 */
import { isDroverError } from '../../api/errors.js';
import type { KvBackend, KvLeadership } from '../kv/contract.js';
import { fencedKv } from '../kv/fenced.js';

/** LeaderLoops is the part of Leader the loop drives. */
export interface LeaderLoops {
  establish(): void;
  revoke(): Promise<void>;
}

/** LeaderTerm is one continuous period of leadership. */
export interface LeaderTerm {
  /** The term's fenced view of the KV store; every leader write goes through it. */
  readonly writer: KvBackend;
  /** Revision of this term's leader key (the fence). */
  readonly fenceRevision: number;
}

/** LeadershipLoopOptions wire the loop into a server. */
export interface LeadershipLoopOptions {
  kv: KvBackend;
  electionName: string;
  serverId: string;
  ttlSeconds: number;
  /** Resolves once the server's state mirror has applied `revision`. */
  waitForIndex(revision: number): Promise<void>;
  leader: LeaderLoops;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Pause before campaigning again after a failed campaign or a step-down (default 1000 ms). */
  retryDelayMs?: number;
}

interface ActiveTerm extends LeaderTerm {
  readonly election: KvLeadership;
  ended: boolean;
  end(reason: string): void;
  readonly endedWith: Promise<string>;
}

/** stepDownCause says whether a failed leader write must end the term, and why. */
export function stepDownCause(commandType: string, err: unknown): string | undefined {
  if (!isDroverError(err)) return undefined;
  if (err.code === 'DROVER_ERR_KV_FENCED') return `write of ${commandType} was fenced: another server leads`;
  if (err.code === 'DROVER_ERR_KV_UNAVAILABLE' && commandType === 'plan.apply') {
    return 'plan commit outcome unknown (maybe committed); rebuilding leader state from the store';
  }
  return undefined;
}

/** LeadershipLoop runs the server's campaign until `close()`. */
export class LeadershipLoop {
  /** Resolves the first time this server becomes leader. */
  readonly firstTerm: Promise<void>;
  private resolveFirst!: () => void;
  private active: ActiveTerm | undefined;
  private election: KvLeadership | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly opts: LeadershipLoopOptions) {
    this.firstTerm = new Promise((resolve) => { this.resolveFirst = resolve; });
  }

  /** term is the current leadership term, or undefined on a follower. */
  get term(): LeaderTerm | undefined {
    return this.active !== undefined && !this.active.ended ? this.active : undefined;
  }

  /** start begins campaigning (idempotent). */
  start(): void {
    this.running ??= this.run();
  }

  /** writeFailed ends `term` when a write of it failed in a way that requires stepping down. */
  writeFailed(term: LeaderTerm, commandType: string, err: unknown): void {
    const cause = stepDownCause(commandType, err);
    if (cause === undefined) return;
    const active = this.active;
    if (active === undefined || active !== term) return;
    active.end(cause);
  }

  /** close stops campaigning, ends the current term and resigns. */
  async close(): Promise<void> {
    this.closed = true;
    this.active?.end('server closing');
    this.wake?.();
    await this.election?.resign().catch(() => undefined);
    await this.running;
  }

  private async run(): Promise<void> {
    const { kv, log } = this.opts;
    while (!this.closed) {
      let election: KvLeadership;
      let fenceRevision: number;
      try {
        election = kv.election(this.opts.electionName, this.opts.serverId, this.opts.ttlSeconds);
        this.election = election;
        ({ fenceRevision } = await election.campaign());
      } catch (err) {
        if (this.closed) break;
        log('warn', `campaign of ${this.opts.serverId} failed: ${String(err)}; retrying`);
        await this.pause();
        continue;
      }
      if (this.closed) {
        await election.resign().catch(() => undefined);
        break;
      }
      const term = this.newTerm(kv, election, fenceRevision);
      void election.lost.then(() => term.end('election lost (lease expired or revoked)'));
      try {
        await this.opts.waitForIndex(fenceRevision);
      } catch (err) {
        term.end(`state mirror did not reach the fence revision: ${String(err)}`);
      }
      if (!term.ended) {
        this.active = term;
        this.opts.leader.establish();
        log('info', `server ${this.opts.serverId} is the leader (fence revision ${fenceRevision})`);
        this.resolveFirst();
      }
      const reason = await term.endedWith;
      if (this.active === term) {
        this.active = undefined;
        await this.opts.leader.revoke();
        log('warn', `server ${this.opts.serverId} stepped down: ${reason}`);
      }
      await election.resign().catch(() => undefined);
      if (!this.closed) await this.pause();
    }
  }

  private newTerm(kv: KvBackend, election: KvLeadership, fenceRevision: number): ActiveTerm {
    let resolveEnd!: (reason: string) => void;
    const endedWith = new Promise<string>((resolve) => { resolveEnd = resolve; });
    const term: ActiveTerm = {
      writer: fencedKv(kv, election.leaderKey, fenceRevision),
      fenceRevision,
      election,
      ended: false,
      endedWith,
      end(reason: string): void {
        if (term.ended) return;
        term.ended = true;
        resolveEnd(reason);
      },
    };
    return term;
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = undefined; resolve(); }, this.opts.retryDelayMs ?? 1_000);
      timer.unref();
      this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve(); };
    });
  }
}

