/**
 * Internal client endpoints (contributing/api-internal.md): node register, heartbeat, blocking
 * pull of the node's allocations (job versions embedded), batched allocation status updates.
 * Every call but register must carry the node's secret in `X-Drover-Node-Secret`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import type { Node } from '../../../api/structs/index.js';
import type { ClientAllocUpdate } from '../../endpoints/allocs.js';
import { updateAllocsFromClient } from '../../endpoints/allocs.js';
import { registerNode, setNodeStatus } from '../../endpoints/nodes.js';
import { blockingQuery } from '../blocking.js';
import type { HttpDeps } from '../deps.js';
import { allocWithJob } from '../views.js';
import { validateNodeBody } from './node-body.js';

/** internalRoutes registers /v1/internal/node/*. */
export async function internalRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const { deps } = opts;
  const store = deps.core.store;

  const authNode = (req: FastifyRequest): Node => {
    const { id } = req.params as { id: string };
    const node = store.node(id);
    if (!node) throw new DroverError('DROVER_ERR_NODE_NOT_FOUND', `node ${id} is not registered`, { statusCode: 404, location: id });
    if (req.headers['x-drover-node-secret'] !== node.SecretID) {
      throw new DroverError('DROVER_ERR_NODE_SECRET', 'missing or wrong X-Drover-Node-Secret', { statusCode: 403, location: 'X-Drover-Node-Secret' });
    }
    return node;
  };

  app.put('/v1/internal/node/register', async (req) => {
    const node = validateNodeBody((req.body as { Node?: unknown } | null)?.Node);
    const { index, node: stored } = await registerNode(deps.core, node);
    const ttlMs = deps.heartbeat(stored.ID);
    return { HeartbeatTTL: ttlMs * 1_000_000, Index: index, NodeModifyIndex: index };
  });

  app.put('/v1/internal/node/:id/heartbeat', async (req) => {
    const node = authNode(req);
    let index = store.index;
    if (node.Status !== 'ready') index = await setNodeStatus(deps.core, node.ID, 'ready', 'Node heartbeat received');
    const ttlMs = deps.heartbeat(node.ID);
    return { HeartbeatTTL: ttlMs * 1_000_000, Index: index };
  });

  app.get('/v1/internal/node/:id/allocations', async (req, reply) => {
    const node = authNode(req);
    const index = await blockingQuery(req, reply, store, () => store.nodeAllocsIndex(node.ID));
    return { Allocs: store.allocsByNode(node.ID).map((a) => allocWithJob(store, a)), Index: index };
  });

  app.put('/v1/internal/node/:id/allocations', async (req) => {
    const node = authNode(req);
    const body = req.body as { Allocs?: unknown } | null;
    if (!body || !Array.isArray(body.Allocs)) throw new DroverError('DROVER_ERR_BAD_BODY', 'Allocs must be an array', { statusCode: 400, location: 'Allocs' });
    body.Allocs.forEach((u: unknown, i: number) => {
      const x = u as Partial<ClientAllocUpdate> | null;
      if (!x || typeof x.ID !== 'string' || typeof x.ClientStatus !== 'string') {
        throw new DroverError('DROVER_ERR_BAD_BODY', 'each update needs ID and ClientStatus', { statusCode: 400, location: `Allocs[${i}]` });
      }
    });
    const { index } = await updateAllocsFromClient(deps.core, node.ID, body.Allocs as ClientAllocUpdate[]);
    return { Index: index };
  });
}
