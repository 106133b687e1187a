/**
 * ClientConfig: everything the client agent is started with, and its defaults.
 */
import type { DriverPlugin } from '../plugins/driver.js';

/** DriverSource is a ready driver map or a factory called once at start (e.g. drivers/index.ts `builtinDrivers`). */
export type DriverSource = ReadonlyMap<string, DriverPlugin> | (() => Promise<ReadonlyMap<string, DriverPlugin>>);

/** ReservedConfig is held back from scheduling (the agent's `reserved` block). */
export interface ReservedConfig {
  cpuMhz?: number;
  memoryMB?: number;
  diskMB?: number;
  /** Host ports the scheduler never hands out, e.g. "22,80-90". */
  reservedPorts?: string;
}

/** ClientLogger receives the agent's operational messages. */
export interface ClientLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** ClientConfig configures `startClient`. Durations are milliseconds. */
export interface ClientConfig {
  dataDir: string;
  /** Server HTTP base URLs, e.g. `http://127.0.0.1:4646`; tried in order on failure. */
  servers: string[];
  region?: string;
  datacenter?: string;
  nodeName?: string;
  nodeClass?: string;
  nodePool?: string;
  meta?: Record<string, string>;
  /** Free-form client options (`options { ... }`), exposed to tasks as nothing today. */
  options?: Record<string, string>;
  drivers: DriverSource;
  reserved?: ReservedConfig;
  /** Address this agent's HTTP API is reachable on (reported as Node.HTTPAddr). */
  httpAddr?: string;
  /** How often terminal allocations are garbage-collected (default 60 s). */
  gcIntervalMs?: number;
  /** Terminal allocations older than this are destroyed (default 1 h; Nomad gc_max_allocs logic aside). */
  gcRetentionMs?: number;
  /** Keep at most this many terminal allocations (default 50). */
  gcMaxTerminalAllocs?: number;
  /** Cap on any task's kill_timeout (default 30 s, Nomad's max_kill_timeout). */
  maxKillTimeoutMs?: number;
  /** Host fingerprint refresh period (default 60 s). */
  fingerprintIntervalMs?: number;
  /** Alloc update batching period (default 200 ms, Nomad's allocSyncIntv). */
  allocSyncIntervalMs?: number;
  /** Blocking-query wait for the alloc pull (default 5 min). */
  allocPullWaitMs?: number;
  /** Retry delay after a failed register/heartbeat/pull (default 1 s). */
  retryIntervalMs?: number;
  logger?: ClientLogger;
}

/** ResolvedClientConfig has every default filled. */
export type ResolvedClientConfig = Required<Omit<ClientConfig, 'reserved' | 'httpAddr' | 'nodeName'>> & {
  reserved: Required<ReservedConfig>;
  httpAddr: string;
  nodeName: string | undefined;
};

/** silentLogger drops everything. */
export const silentLogger: ClientLogger = { info() {}, warn() {}, error() {} };

/** resolveClientConfig fills defaults (Nomad's where one exists). */
export function resolveClientConfig(c: ClientConfig): ResolvedClientConfig {
  return {
    dataDir: c.dataDir,
    servers: c.servers,
    region: c.region ?? 'global',
    datacenter: c.datacenter ?? 'dc1',
    nodeName: c.nodeName,
    nodeClass: c.nodeClass ?? '',
    nodePool: c.nodePool ?? 'default',
    meta: c.meta ?? {},
    options: c.options ?? {},
    drivers: c.drivers,
    reserved: { cpuMhz: c.reserved?.cpuMhz ?? 0, memoryMB: c.reserved?.memoryMB ?? 0, diskMB: c.reserved?.diskMB ?? 0, reservedPorts: c.reserved?.reservedPorts ?? '' },
    httpAddr: c.httpAddr ?? '',
    gcIntervalMs: c.gcIntervalMs ?? 60_000,
    gcRetentionMs: c.gcRetentionMs ?? 3_600_000,
    gcMaxTerminalAllocs: c.gcMaxTerminalAllocs ?? 50,
    maxKillTimeoutMs: c.maxKillTimeoutMs ?? 30_000,
    fingerprintIntervalMs: c.fingerprintIntervalMs ?? 60_000,
    allocSyncIntervalMs: c.allocSyncIntervalMs ?? 200,
    allocPullWaitMs: c.allocPullWaitMs ?? 300_000,
    retryIntervalMs: c.retryIntervalMs ?? 1_000,
    logger: c.logger ?? silentLogger,
  };
}
