/**
 * Node routes: list, read, a node's allocations, eligibility.
 */
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import { setNodeEligibility } from '../../endpoints/nodes.js';
import { blockingQuery, prefixOf } from '../blocking.js';
import type { HttpDeps } from '../deps.js';
import { allocStub, nodeStub, nodeView } from '../views.js';

/** nodeRoutes registers the node API. */
export async function nodeRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const store = opts.deps.core.store;
  const nodeOr404 = (id: string) => {
    const n = store.node(id);
    if (!n) throw new DroverError('DROVER_ERR_NODE_NOT_FOUND', 'node not found', { statusCode: 404, location: id });
    return n;
  };

  app.get('/v1/nodes', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('nodes'));
    const prefix = prefixOf(req);
    return store.nodes().filter((n) => n.ID.startsWith(prefix)).map(nodeStub);
  });

  app.get('/v1/node/:id', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('nodes'));
    return nodeView(nodeOr404((req.params as { id: string }).id));
  });

  app.get('/v1/node/:id/allocations', async (req, reply) => {
    const { id } = req.params as { id: string };
    await blockingQuery(req, reply, store, () => store.nodeAllocsIndex(id));
    nodeOr404(id);
    return store.allocsByNode(id).map((a) => allocStub(store, a));
  });

  const eligibility = async (req: { params: unknown; body: unknown }): Promise<unknown> => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { Eligibility?: unknown };
    if (body.Eligibility !== 'eligible' && body.Eligibility !== 'ineligible') {
      throw new DroverError('DROVER_ERR_BAD_BODY', 'Eligibility must be "eligible" or "ineligible"', { statusCode: 400, location: 'Eligibility' });
    }
    nodeOr404(id);
    const index = await setNodeEligibility(opts.deps.core, id, body.Eligibility === 'eligible');
    return { EvalIDs: [], EvalCreateIndex: 0, NodeModifyIndex: index, Index: index };
  };
  app.post('/v1/node/:id/eligibility', eligibility);
  app.put('/v1/node/:id/eligibility', eligibility);
}
