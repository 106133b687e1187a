/**
 * startServer: the composition root of a Drover server.
 *
 *   KV backend ──range+watch──► StoreMirror (StateStore) ──raw batches──► worker replicas
 *        ▲                              │ state hooks (leader)
 *        │ fenced txn (toTxn(cmd))      ▼
 *   apply(cmd) ◄── endpoints ◄── HTTP   Leader: broker, blocked evals, plan queue + applier,
 *                                        heartbeats, reapers ◄──calls── WorkerPool threads
 *
 * Writes happen only on the leader, fenced on the leader key's revision; `apply` resolves once
 * the write is durable AND visible in this server's mirror (read-your-writes).
 */
import { randomUUID } from 'node:crypto';
import { DroverError } from '../api/errors.js';
import type { ServerCore } from './core.js';
import { nowNanos } from './core.js';
import type { Command } from './fsm/commands.js';
import { toTxn } from './fsm/to-txn.js';
import type { Allocation } from '../api/structs/index.js';
import type { KvBackend, KvTxn } from './kv/contract.js';
import { openKv } from './kv/index.js';
import { LeadershipLoop } from './ha/leadership-loop.js';
import type { HeartbeatConfig } from './leader/heartbeats.js';
import { DEFAULT_HEARTBEAT } from './leader/heartbeats.js';
import { Leader } from './leader/leader.js';
import type { ExpectedWrite, StoreMirror } from './store/mirror.js';
import { keyOf } from './store/tables.js';
import { openMirror } from './store/mirror.js';
import type { StateStore } from './store/state-store.js';
import { WorkerPool } from './worker/pool.js';

/** expectedWrites pairs a plan.apply txn's alloc puts (toTxn writes them first, in order) with
 * the records they encode. */
function expectedWrites(txn: KvTxn, allocs: readonly Allocation[]): ExpectedWrite[] {
  const out: ExpectedWrite[] = [];
  allocs.forEach((record, i) => {
    const op = txn.ops[i];
    if (op?.kind === 'put' && op.key === keyOf.alloc(record)) out.push({ key: op.key, value: op.value, record });
  });
  return out;
}

/** ServerConfig configures one server. */
export interface ServerConfig {
  /** Where the embedded store keeps its files. */
  dataDir: string;
  region?: string;
  /** `embedded` (default) or an etcd cluster for HA. */
  kv?: { kind: 'embedded' } | { kind: 'etcd'; endpoints: string[]; prefix: string };
  /** Scheduler worker threads (default: CPU count). 0 runs no workers (tests, followers). */
  numSchedulers: number;
  /** Evaluations each worker thread schedules concurrently (default 1): while one waits for
   * its plan to commit, another schedules (Nomad runs one goroutine per scheduler). */
  schedulerConcurrency?: number;
  /** Plan commits the leader keeps outstanding at once (default 1; see PlanApplier). */
  planApplyPipeline?: number;
  /** Schedulers the workers serve. */
  enabledSchedulers?: readonly string[];
  heartbeat?: Partial<HeartbeatConfig>;
  /** Unique server ID (election candidate). */
  serverId?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** DroverServer is a running server. */
export interface DroverServer extends ServerCore {
  readonly leader: Leader;
  readonly kv: KvBackend;
  readonly serverId: string;
  /** Resolves when this server is the leader. */
  readonly leadership: Promise<void>;
  isLeader(): boolean;
  close(): Promise<void>;
}

const LEADER_ELECTION = 'drover-leader';

/** startServer opens the store, joins the leader election and starts the scheduler workers. */
export async function startServer(config: ServerConfig): Promise<DroverServer> {
  const log = config.log ?? ((level, message) => { if (level !== 'info') process.stderr.write(`[${level}] ${message}\n`); });
  const kvOpts = config.kv ?? { kind: 'embedded' as const };
  const kv = await openKv(kvOpts.kind === 'embedded' ? { kind: 'embedded', dataDir: config.dataDir } : kvOpts);
  const serverId = config.serverId ?? randomUUID();
  let pool: WorkerPool | undefined;
  const mirror: StoreMirror = await openMirror(kv, { onRaw: (rev, events) => pool?.forward(rev, events), onResync: () => pool?.reset() });
  // Campaign, lead, step down on loss or a fenced write, campaign again (server/ha/). The
  // Leader needs `core`, which needs `ha`: it is handed in below, before the loop starts.
  const leaderRef: { current?: Leader } = {};
  const ha = new LeadershipLoop({
    kv, electionName: LEADER_ELECTION, serverId, ttlSeconds: 10, log,
    waitForIndex: (revision) => mirror.waitFor(revision),
    leader: { establish: () => leaderRef.current?.establish(), revoke: async () => { await leaderRef.current?.revoke(); } },
  });

  const core: ServerCore = {
    store: mirror.store,
    region: config.region ?? 'global',
    now: nowNanos,
    newId: randomUUID,
    async apply(cmd: Command): Promise<number> {
      const term = ha.term;
      if (!term) throw new DroverError('DROVER_ERR_NOT_LEADER', 'this server is not the leader; retry against the leader', { statusCode: 503 });
      const txn = toTxn(cmd);
      // A committed plan's allocations go into the mirror as they are (not decoded again).
      const done = cmd.type === 'plan.apply' ? mirror.expect(expectedWrites(txn, cmd.allocs)) : undefined;
      try {
        const res = await term.writer.txn(txn).catch((err: unknown) => { ha.writeFailed(term, cmd.type, err); throw err; });
        if (!res.succeeded) throw new DroverError('DROVER_ERR_TXN_CONFLICT', `write of ${cmd.type} was rejected by a compare`, { statusCode: 409 });
        await mirror.waitFor(res.revision);
        return res.revision;
      } finally {
        done?.();
      }
    },
  };

  const leader = new Leader(core, { heartbeat: { ...DEFAULT_HEARTBEAT, ...config.heartbeat }, log, planApplyPipeline: config.planApplyPipeline ?? 1 });
  leaderRef.current = leader;
  ha.start();
  const leadership = ha.firstTerm;

  if (config.numSchedulers > 0) {
    pool = new WorkerPool({ count: config.numSchedulers, schedulers: config.enabledSchedulers ?? ['service', 'batch', 'system', 'sysbatch'], store: mirror.store, handlers: leader.workerHandlers(), concurrency: config.schedulerConcurrency ?? 1 });
    pool.start();
  }

  return {
    ...core,
    store: mirror.store as StateStore,
    leader,
    kv,
    serverId,
    leadership,
    isLeader: () => ha.term !== undefined && leader.isActive,
    async close(): Promise<void> {
      await pool?.stop();
      await ha.close();
      mirror.close();
      await kv.close();
    },
  };
}
