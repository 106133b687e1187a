/**
 * The client agent: the composition root of client/.
 *
 *   startClient(config)
 *     1. identity (persisted) + fingerprint (host probes + drivers) -> Node
 *     2. restore alloc runners from local state; running tasks are recovered, not restarted
 *     3. register (retry) ─► heartbeat every TTL (404 -> re-register)
 *     4. pull allocations (blocking query) ─► create / update / stop / forget alloc runners
 *     5. alloc status changes ─► batched to the servers every 200 ms (after the first pull)
 *     6. GC of terminal allocations; periodic fingerprint refresh (re-register on change)
 *   shutdown(): stops the loops and detaches from tasks without killing them.
 *
 * Lifecycle: `state` is 'running' after startClient resolves, 'stopped' after shutdown.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDroverError } from '../api/errors.js';
import type { Node } from '../api/structs/index.js';
import type { DriverPlugin } from '../plugins/driver.js';
import { AllocSyncBatcher } from './alloc-sync.js';
import { AllocRunner } from './allocrunner/alloc-runner.js';
import { resolveClientConfig } from './config.js';
import type { ClientConfig, ResolvedClientConfig } from './config.js';
import { fingerprintDrivers } from './fingerprint/drivers.js';
import { fingerprintHost } from './fingerprint/index.js';
import { loadOrCreateIdentity } from './identity.js';
import type { NodeIdentity } from './identity.js';
import { buildNode } from './node-builder.js';
import { ServerConnection } from './server-conn.js';
import type { AllocRecord } from './state/records.js';
import { ClientStateStore } from './state/store.js';
import { lockDataDir } from './state/data-dir-lock.js';
import type { DataDirLock } from './state/data-dir-lock.js';
import type { ClientAlloc } from './types.js';

/** ClientAgentState is the agent's lifecycle. */
export type ClientAgentState = 'running' | 'stopped';

/** ClientAgent is the running client. */
export interface ClientAgent {
  readonly state: ClientAgentState;
  readonly nodeId: string;
  readonly config: ResolvedClientConfig;
  readonly drivers: ReadonlyMap<string, DriverPlugin>;
  /** node is the current node registration. */
  node(): Node;
  /** allocRunner returns the runner of a local allocation. */
  allocRunner(allocId: string): AllocRunner | undefined;
  /** allocRunners lists the local allocations. */
  allocRunners(): AllocRunner[];
  /** allocsRoot is `<dataDir>/alloc`. */
  readonly allocsRoot: string;
  /** gc runs one garbage collection of terminal allocations now. */
  gc(): Promise<void>;
  /** shutdown stops the loops; tasks keep running and are recovered by the next agent. */
  shutdown(): Promise<void>;
}

class Agent implements ClientAgent {
  state: ClientAgentState = 'running';
  readonly allocsRoot: string;
  private currentNode: Node;
  private readonly runners = new Map<string, AllocRunner>();
  /** Allocs GC'd locally but still listed by the server: never run again. */
  private readonly tombstones = new Set<string>();
  private readonly abort = new AbortController();
  private readonly loops: Array<Promise<void>> = [];
  private readonly conn: ServerConnection;
  private readonly sync: AllocSyncBatcher;
  private registered = false;
  private lastPullIndex = 0;

  constructor(
    readonly config: ResolvedClientConfig,
    readonly drivers: ReadonlyMap<string, DriverPlugin>,
    private readonly ownsDrivers: boolean,
    private readonly identity: NodeIdentity,
    node: Node,
    private readonly store: ClientStateStore,
    private readonly lock: DataDirLock,
  ) {
    this.currentNode = node;
    this.allocsRoot = join(config.dataDir, 'alloc');
    this.conn = new ServerConnection(config.servers, identity.secretId);
    this.sync = new AllocSyncBatcher((u) => this.conn.pushAllocUpdates(identity.nodeId, u), config.allocSyncIntervalMs,
      (e) => config.logger.warn('alloc update push failed', { error: String(e) }));
  }

  get nodeId(): string {
    return this.identity.nodeId;
  }

  node(): Node {
    return this.currentNode;
  }

  allocRunner(allocId: string): AllocRunner | undefined {
    return this.runners.get(allocId);
  }

  allocRunners(): AllocRunner[] {
    return [...this.runners.values()];
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private newRunner(record: AllocRecord): AllocRunner {
    const runner = new AllocRunner({
      record, node: this.currentNode, region: this.config.region, allocsRoot: this.allocsRoot, drivers: this.drivers,
      store: this.store, maxKillTimeoutMs: this.config.maxKillTimeoutMs, logger: this.config.logger,
      onUpdate: (u) => this.sync.enqueue(u),
    });
    this.runners.set(runner.id, runner);
    void runner.run();
    return runner;
  }

  /** restore rebuilds alloc runners from local state (tasks are recovered by their runners). */
  async restore(): Promise<void> {
    const { records, corrupt } = await this.store.loadAll();
    for (const name of corrupt) this.config.logger.warn('ignoring unreadable alloc state', { file: name });
    for (const record of records) {
      if (record.destroyed === true) this.tombstones.add(record.alloc.ID);
      else this.newRunner(record);
    }
  }

  start(): void {
    this.loops.push(this.registerAndHeartbeatLoop(), this.pullLoop(), this.gcLoop(), this.fingerprintLoop());
  }

  private async sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async registerAndHeartbeatLoop(): Promise<void> {
    let ttlMs = 0;
    while (!this.signal.aborted) {
      try {
        if (!this.registered) {
          ttlMs = (await this.conn.register(this.currentNode)).ttlMs;
          this.registered = true;
          this.config.logger.info('node registered', { nodeId: this.nodeId, ttlMs });
        } else {
          ttlMs = (await this.conn.heartbeat(this.nodeId)).ttlMs;
        }
        // heartbeat well inside the TTL so one slow round trip does not mark the node down
        await this.sleep(Math.max(50, ttlMs / 2));
      } catch (e) {
        if (isDroverError(e) && (e.code === 'DROVER_ERR_NODE_NOT_FOUND' || e.statusCode === 404)) this.registered = false;
        if (this.signal.aborted) return;
        this.config.logger.warn('register/heartbeat failed', { error: String(e) });
        await this.sleep(this.config.retryIntervalMs);
      }
    }
  }

  private async pullLoop(): Promise<void> {
    while (!this.signal.aborted) {
      if (!this.registered) {
        await this.sleep(Math.min(50, this.config.retryIntervalMs));
        continue;
      }
      try {
        const pull = await this.conn.pullAllocs(this.nodeId, this.lastPullIndex, this.config.allocPullWaitMs, this.signal);
        if (pull.index < this.lastPullIndex) continue; // stale answer (GH-18269): never act on it
        this.lastPullIndex = pull.index;
        this.reconcile(pull.allocs);
        this.sync.enable();
      } catch (e) {
        if (this.signal.aborted) return;
        if (isDroverError(e) && e.statusCode === 404) this.registered = false;
        this.config.logger.warn('alloc pull failed', { error: String(e) });
        await this.sleep(this.config.retryIntervalMs);
      }
    }
  }

  /** reconcile applies the server's list of this node's allocations. */
  private reconcile(allocs: ClientAlloc[]): void {
    const listed = new Set<string>();
    for (const alloc of allocs) {
      listed.add(alloc.ID);
      if (this.tombstones.has(alloc.ID)) continue;
      const runner = this.runners.get(alloc.ID);
      if (runner !== undefined) {
        if (alloc.AllocModifyIndex !== runner.alloc.AllocModifyIndex || alloc.DesiredStatus !== runner.alloc.DesiredStatus) runner.update(alloc);
        continue;
      }
      // an alloc we never ran that is already over needs nothing from this client
      if (alloc.DesiredStatus !== 'run' || alloc.ClientStatus === 'complete' || alloc.ClientStatus === 'failed' || alloc.ClientStatus === 'lost') continue;
      this.newRunner({ alloc, tasks: {} });
    }
    for (const [id, runner] of this.runners) {
      if (listed.has(id)) continue;
      // the server forgot the alloc (garbage-collected): stop it and remove everything
      this.runners.delete(id);
      void runner.destroy().catch((e: unknown) => this.config.logger.warn('alloc destroy failed', { alloc: id, error: String(e) }));
    }
    for (const id of this.tombstones) {
      if (listed.has(id)) continue;
      this.tombstones.delete(id);
      void this.store.deleteAlloc(id).catch((e: unknown) => this.config.logger.warn('tombstone delete failed', { alloc: id, error: String(e) }));
    }
  }

  async gc(): Promise<void> {
    const now = Date.now();
    const terminal = [...this.runners.values()].filter((r) => r.isFinished && r.record.terminalAtMs !== undefined)
      .sort((a, b) => (a.record.terminalAtMs ?? 0) - (b.record.terminalAtMs ?? 0));
    const excess = terminal.length - this.config.gcMaxTerminalAllocs;
    for (const [i, runner] of terminal.entries()) {
      const old = now - (runner.record.terminalAtMs ?? now) >= this.config.gcRetentionMs;
      if (!old && i >= excess) continue;
      this.runners.delete(runner.id);
      this.tombstones.add(runner.id);
      await runner.allocDir.destroy();
      runner.record.destroyed = true;
      await this.store.putAlloc(runner.record);
      this.config.logger.info('garbage-collected allocation', { alloc: runner.id });
    }
  }

  private async gcLoop(): Promise<void> {
    while (!this.signal.aborted) {
      await this.sleep(this.config.gcIntervalMs);
      if (this.signal.aborted) return;
      await this.gc().catch((e: unknown) => this.config.logger.warn('gc failed', { error: String(e) }));
    }
  }

  private async fingerprintLoop(): Promise<void> {
    while (!this.signal.aborted) {
      await this.sleep(this.config.fingerprintIntervalMs);
      if (this.signal.aborted) return;
      try {
        const node = await fingerprintNode(this.identity, this.config, this.drivers);
        const changed = JSON.stringify([node.Attributes, node.Drivers, node.NodeResources]) !== JSON.stringify([this.currentNode.Attributes, this.currentNode.Drivers, this.currentNode.NodeResources]);
        if (changed) {
          this.currentNode = node;
          this.registered = false; // re-register carries the new fingerprint
        }
      } catch (e) {
        this.config.logger.warn('fingerprint refresh failed', { error: String(e) });
      }
    }
  }

  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    await Promise.allSettled(this.loops);
    await Promise.all([...this.runners.values()].map((r) => r.shutdown()));
    await this.sync.stop().catch(() => undefined);
    await this.store.flush();
    if (this.ownsDrivers) for (const d of this.drivers.values()) await d.shutdown().catch(() => undefined);
    await this.lock.release();
  }
}

/** fingerprintNode runs host and driver probes and builds the Node. */
export async function fingerprintNode(identity: NodeIdentity, cfg: ResolvedClientConfig, drivers: ReadonlyMap<string, DriverPlugin>): Promise<Node> {
  const host = await fingerprintHost({ dataDir: cfg.dataDir });
  const drv = await fingerprintDrivers(drivers);
  return buildNode(identity, cfg, { attributes: { ...host.attributes, ...drv.attributes }, drivers: drv.drivers });
}

/** startClient starts a client agent: fingerprint, restore, then register/pull/sync in the background. */
export async function startClient(config: ClientConfig): Promise<ClientAgent> {
  const cfg = resolveClientConfig(config);
  await mkdir(join(cfg.dataDir, 'alloc'), { recursive: true, mode: 0o711 });
  const lock = await lockDataDir(cfg.dataDir);
  try {
    const identity = await loadOrCreateIdentity(cfg.dataDir);
    const ownsDrivers = typeof cfg.drivers === 'function';
    const drivers = typeof cfg.drivers === 'function' ? await cfg.drivers() : cfg.drivers;
    const node = await fingerprintNode(identity, cfg, drivers);
    const agent = new Agent(cfg, drivers, ownsDrivers, identity, node, new ClientStateStore(cfg.dataDir), lock);
    await agent.restore();
    agent.start();
    return agent;
  } catch (e) {
    await lock.release();
    throw e;
  }
}
