/**
 * runAgent: the composition root of `drover agent` — a server (embedded store, scheduler
 * workers, HTTP API) and/or a client (drivers, alloc runners) in one process. In `-dev` both
 * run and the client registers with its own server over the loopback HTTP API.
 *
 * The client's HTTP routes are mounted before the app listens, through a proxy that resolves
 * to the client agent once it has started (requests before that get a 503).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../api/errors.js';
import type { ClientAgent } from '../../client/agent.js';
import { startClient } from '../../client/agent.js';
import { clientRoutes } from '../../client/http/routes.js';
import { builtinDrivers } from '../../drivers/index.js';
import { buildApp } from '../../server/http/app.js';
import { serverHttpDeps } from '../../server/http/server-deps.js';
import type { HaAgentParts } from '../../server/ha/routing.js';
import { haRouting } from '../../server/ha/routing.js';
import type { DroverServer } from '../../server/server.js';
import { startServer } from '../../server/server.js';
import type { AgentConfig } from './config.js';

/** RunningAgent is what `runAgent` started. */
export interface RunningAgent {
  readonly address: string;
  readonly server: DroverServer | undefined;
  client(): ClientAgent | undefined;
  readonly app: FastifyInstance | undefined;
  /** stop ends the agent; tasks keep running (the next agent recovers them). */
  stop(): Promise<void>;
}

/** AgentLogger prints the agent's log lines. */
export type AgentLogger = (level: 'info' | 'warn' | 'error', message: string) => void;

function lazyClient(holder: { agent?: ClientAgent }): ClientAgent {
  return new Proxy({} as ClientAgent, {
    get(_target, prop) {
      const agent = holder.agent;
      if (!agent) throw new DroverError('DROVER_ERR_CLIENT_STARTING', 'the client agent is still starting', { statusCode: 503 });
      const value: unknown = Reflect.get(agent, prop, agent);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(agent) : value;
    },
  });
}

/** runAgent starts what `config` enables and returns once the HTTP API listens. */
export async function runAgent(config: AgentConfig, log: AgentLogger): Promise<RunningAgent> {
  if (!config.dataDir) throw new DroverError('DROVER_ERR_AGENT_CONFIG', 'a data dir is required (-data-dir or data_dir)', { statusCode: 400, location: 'data_dir' });
  await mkdir(config.dataDir, { recursive: true });
  let address = `${config.bindAddr}:${config.httpPort}`;
  let server: DroverServer | undefined;
  let app: FastifyInstance | undefined;
  const holder: { agent?: ClientAgent } = {};
  const etcd = config.server.etcdEndpoints ?? [];
  let ha: HaAgentParts | undefined;

  if (config.server.enabled) {
    server = await startServer({
      dataDir: join(config.dataDir, 'server'),
      region: config.region,
      numSchedulers: config.server.numSchedulers,
      heartbeat: { minTtlMs: config.server.minHeartbeatTtlMs, graceMs: config.server.heartbeatGraceMs },
      ...(etcd.length > 0 ? { kv: { kind: 'etcd' as const, endpoints: etcd, prefix: config.server.etcdPrefix ?? '/drover/' } } : {}),
      log,
    });
    const plugins = config.client.enabled ? [async (a: FastifyInstance) => { await a.register(clientRoutes(lazyClient(holder))); }] : [];
    ha = etcd.length > 0 ? haRouting(server, () => address, log) : undefined;
    app = await buildApp(serverHttpDeps(server, () => address), { plugins, ...(ha ? { ha: ha.routing } : {}) });
    await app.listen({ host: config.bindAddr, port: config.httpPort });
    const bound = app.server.address();
    if (bound && typeof bound === 'object') address = `${config.bindAddr}:${bound.port}`;
    // HA: followers serve (and forward) without waiting to lead; one server alone always leads.
    if (ha) ha.start(); else await server.leadership;
  } else if (config.client.enabled) {
    // A client-only agent still serves its own /v1/client/* API (logs, fs, exec).
    app = Fastify();
    await app.register(clientRoutes(lazyClient(holder)));
    await app.listen({ host: config.bindAddr, port: config.httpPort });
    const bound = app.server.address();
    if (bound && typeof bound === 'object') address = `${config.bindAddr}:${bound.port}`;
  }

  if (config.client.enabled) {
    const servers = config.client.servers.length ? config.client.servers : [`http://${address}`];
    const plugin = (name: string): Record<string, unknown> => config.plugins[name] ?? {};
    holder.agent = await startClient({
      dataDir: join(config.dataDir, 'client'),
      servers,
      region: config.region,
      datacenter: config.datacenter,
      ...(config.nodeName ? { nodeName: config.nodeName } : {}),
      nodeClass: config.client.nodeClass,
      nodePool: config.client.nodePool,
      meta: config.client.meta,
      httpAddr: address,
      retryIntervalMs: config.dev ? 250 : 1_000,
      drivers: () => builtinDrivers({
        enableRawExec: plugin('raw_exec').enabled === true,
        allowPrivileged: plugin('docker').allow_privileged === true,
        pluginConfig: config.plugins,
        ...(config.client.pluginDir ? { pluginDir: config.client.pluginDir } : {}),
      }),
      logger: {
        info: (m) => log('info', `client: ${m}`),
        warn: (m, f) => log('warn', `client: ${m}${f ? ` ${JSON.stringify(f)}` : ''}`),
        error: (m, f) => log('error', `client: ${m}${f ? ` ${JSON.stringify(f)}` : ''}`),
      },
    });
  }

  return {
    get address() { return address; },
    server,
    client: () => holder.agent,
    app,
    async stop(): Promise<void> {
      await holder.agent?.shutdown();
      await app?.close();
      ha?.close();
      await server?.close();
    },
  };
}
