/**
 * Status and agent routes: leader, peers, regions, agent self.
 */
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../deps.js';

/** statusRoutes registers /v1/status/* and /v1/agent/self. */
export async function statusRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const { deps } = opts;
  // Nomad answers with a JSON string; fastify would send a bare string as text.
  app.get('/v1/status/leader', async (_req, reply) => reply.type('application/json').send(JSON.stringify(deps.isLeader() ? deps.advertiseAddr() : '')));
  app.get('/v1/status/peers', async () => [deps.advertiseAddr()]);
  app.get('/v1/regions', async () => [deps.core.region]);
  app.get('/v1/agent/self', async () => ({
    config: { Region: deps.core.region, Version: { Version: '0.1.0', Prerelease: 'dev' } },
    member: { Name: deps.advertiseAddr(), Tags: { region: deps.core.region, role: 'server' } },
    stats: { raft: { last_index: String(deps.core.store.index) } },
  }));
  app.get('/v1/agent/health', async () => ({ server: { ok: deps.isLeader(), message: deps.isLeader() ? 'ok' : 'no leader' } }));
}
