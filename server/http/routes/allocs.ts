/**
 * Allocation routes: list, read (with its job version), stop.
 */
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import { stopAlloc } from '../../endpoints/allocs.js';
import { blockingQuery, namespaceOf, prefixOf } from '../blocking.js';
import type { HttpDeps } from '../deps.js';
import { allocStub, allocWithJob } from '../views.js';

/** allocRoutes registers the allocation API. */
export async function allocRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const store = opts.deps.core.store;

  app.get('/v1/allocations', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('allocs'));
    const ns = namespaceOf(req);
    const prefix = prefixOf(req);
    const out = [];
    for (const a of store.allAllocs()) if ((ns === '*' || a.Namespace === ns) && a.ID.startsWith(prefix)) out.push(allocStub(store, a));
    return out;
  });

  app.get('/v1/allocation/:id', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('allocs'));
    const { id } = req.params as { id: string };
    const a = store.allocById(id);
    if (!a) throw new DroverError('DROVER_ERR_ALLOC_NOT_FOUND', 'alloc not found', { statusCode: 404, location: id });
    return allocWithJob(store, a);
  });

  const stop = async (req: { params: unknown }): Promise<unknown> => {
    const { id } = req.params as { id: string };
    return stopAlloc(opts.deps.core, id);
  };
  app.post('/v1/allocation/:id/stop', stop);
  app.put('/v1/allocation/:id/stop', stop);
}
