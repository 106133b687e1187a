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
import type { KvBackend, KvLeadership } from './kv/contract.js';
import { fencedKv, openKv } from './kv/index.js';
import type { HeartbeatConfig } from './leader/heartbeats.js';
import { DEFAULT_HEARTBEAT } from './leader/heartbeats.js';
import { Leader } from './leader/leader.js';
import type { StoreMirror } from './store/mirror.js';
import { openMirror } from './store/mirror.js';
import type { StateStore } from './store/state-store.js';
import { WorkerPool } from './worker/pool.js';

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
  const mirror: StoreMirror = await openMirror(kv, { onRaw: (rev, events) => pool?.forward(rev, events) });
  let writer: KvBackend | undefined;

  const core: ServerCore = {
    store: mirror.store,
    region: config.region ?? 'global',
    now: nowNanos,
    newId: randomUUID,
    async apply(cmd: Command): Promise<number> {
      if (!writer) throw new DroverError('DROVER_ERR_NOT_LEADER', 'this server is not the leader; retry against the leader', { statusCode: 503 });
      const res = await writer.txn(toTxn(cmd));
      if (!res.succeeded) throw new DroverError('DROVER_ERR_TXN_CONFLICT', `write of ${cmd.type} was rejected by a compare`, { statusCode: 409 });
      await mirror.waitFor(res.revision);
      return res.revision;
    },
  };

  const leader = new Leader(core, { heartbeat: { ...DEFAULT_HEARTBEAT, ...config.heartbeat }, log, planApplyPipeline: config.planApplyPipeline ?? 1 });
  const election: KvLeadership = kv.election(LEADER_ELECTION, serverId, 10);
  const leadership = election.campaign().then(async ({ fenceRevision }) => {
    writer = fencedKv(kv, election.leaderKey, fenceRevision);
    await mirror.waitFor(fenceRevision);
    leader.establish();
    log('info', `server ${serverId} is the leader (fence revision ${fenceRevision})`);
    void election.lost.then(async () => {
      writer = undefined;
      await leader.revoke();
      log('warn', `server ${serverId} lost leadership`);
    });
  });

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
    isLeader: () => writer !== undefined && leader.isActive,
    async close(): Promise<void> {
      await pool?.stop();
      if (leader.isActive) await leader.revoke();
      await election.resign().catch(() => undefined);
      mirror.close();
      await kv.close();
    },
  };
}
