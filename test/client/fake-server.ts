/**
 * FakeServer: the four internal endpoints of contributing/api-internal.md over an in-memory list
 * of allocations (fastify on 127.0.0.1:0), so client tests do not depend on the real server.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Node } from '../../api/structs/index.js';
import type { AllocUpdate, ClientAlloc } from '../../client/types.js';

/** FakeServer exposes its state for assertions. */
export interface FakeServer {
  url: string;
  app: FastifyInstance;
  nodes: Map<string, Node>;
  allocs: Map<string, ClientAlloc>;
  updates: AllocUpdate[][];
  registrations: number;
  heartbeats: number;
  index: number;
  /** upsertAlloc adds or replaces an allocation (bumps the index, wakes blocking queries). */
  upsertAlloc(alloc: ClientAlloc): void;
  /** forgetNode makes the next heartbeat answer 404. */
  forgetNode(id: string): void;
  close(): Promise<void>;
}

/** startFakeServer listens on an ephemeral port. `ttlMs` is the heartbeat TTL handed out. */
export async function startFakeServer(opts: { ttlMs?: number } = {}): Promise<FakeServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const ttlNs = (opts.ttlMs ?? 1000) * 1_000_000;
  let waiters: Array<() => void> = [];
  const bump = (): void => {
    fake.index += 1;
    const w = waiters;
    waiters = [];
    for (const r of w) r();
  };
  const fake: FakeServer = {
    url: '', app, nodes: new Map(), allocs: new Map(), updates: [], registrations: 0, heartbeats: 0, index: 1,
    upsertAlloc(alloc) {
      bump();
      fake.allocs.set(alloc.ID, { ...alloc, ModifyIndex: fake.index, AllocModifyIndex: fake.index });
    },
    forgetNode(id) {
      fake.nodes.delete(id);
    },
    async close() {
      const w = waiters;
      waiters = [];
      for (const r of w) r();
      await app.close();
    },
  };
  const secretOk = (nodeId: string, secret: unknown): boolean => fake.nodes.get(nodeId)?.SecretID === secret;

  app.put<{ Body: { Node: Node } }>('/v1/internal/node/register', async (req) => {
    fake.registrations += 1;
    bump();
    fake.nodes.set(req.body.Node.ID, { ...req.body.Node, Status: 'ready' });
    return { HeartbeatTTL: ttlNs, Index: fake.index, NodeModifyIndex: fake.index };
  });
  app.put<{ Params: { id: string } }>('/v1/internal/node/:id/heartbeat', async (req, reply) => {
    fake.heartbeats += 1;
    if (!fake.nodes.has(req.params.id)) return reply.code(404).send({ code: 'DROVER_ERR_NODE_NOT_FOUND', message: 'node not found' });
    return { HeartbeatTTL: ttlNs, Index: fake.index };
  });
  app.get<{ Params: { id: string }; Querystring: { index?: string; wait?: string } }>('/v1/internal/node/:id/allocations', async (req, reply) => {
    if (!secretOk(req.params.id, req.headers['x-drover-node-secret'])) return reply.code(403).send({ code: 'DROVER_ERR_PERMISSION_DENIED', message: 'bad node secret' });
    const min = Number(req.query.index ?? '0');
    const waitMs = Math.min(Number((req.query.wait ?? '300000ms').replace(/ms$/, '')), 5_000);
    if (fake.index <= min) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    const allocs = [...fake.allocs.values()].filter((a) => a.NodeID === req.params.id);
    void reply.header('X-Nomad-Index', String(fake.index));
    return { Allocs: allocs, Index: fake.index };
  });
  app.put<{ Params: { id: string }; Body: { Allocs: AllocUpdate[] } }>('/v1/internal/node/:id/allocations', async (req, reply) => {
    if (!secretOk(req.params.id, req.headers['x-drover-node-secret'])) return reply.code(403).send({ code: 'DROVER_ERR_PERMISSION_DENIED', message: 'bad node secret' });
    fake.updates.push(req.body.Allocs);
    for (const u of req.body.Allocs) {
      const a = fake.allocs.get(u.ID);
      if (a !== undefined) fake.allocs.set(u.ID, { ...a, ClientStatus: u.ClientStatus, ClientDescription: u.ClientDescription, TaskStates: u.TaskStates, ModifyIndex: fake.index + 1 });
    }
    // client updates do not change AllocModifyIndex, but they do advance the table index
    bump();
    return { Index: fake.index };
  });
  fake.url = await app.listen({ host: '127.0.0.1', port: 0 });
  return fake;
}
