/**
 * Evaluation routes: list, read, an evaluation's allocations.
 */
import type { FastifyInstance } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import { blockingQuery, namespaceOf, prefixOf } from '../blocking.js';
import type { HttpDeps } from '../deps.js';
import { allocStub } from '../views.js';

/** evalRoutes registers the evaluation API. */
export async function evalRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const store = opts.deps.core.store;

  app.get('/v1/evaluations', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('evals'));
    const ns = namespaceOf(req);
    const prefix = prefixOf(req);
    const q = req.query as Record<string, string | undefined>;
    const out = [];
    for (const e of store.allEvals()) {
      if ((ns === '*' || e.Namespace === ns) && e.ID.startsWith(prefix) && (!q.status || e.Status === q.status) && (!q.job || e.JobID === q.job)) out.push(e);
    }
    return out.sort((a, b) => b.CreateIndex - a.CreateIndex);
  });

  app.get('/v1/evaluation/:id', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('evals'));
    const { id } = req.params as { id: string };
    const e = store.evalById(id);
    if (!e) throw new DroverError('DROVER_ERR_EVAL_NOT_FOUND', 'eval not found', { statusCode: 404, location: id });
    return e;
  });

  app.get('/v1/evaluation/:id/allocations', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('allocs'));
    const { id } = req.params as { id: string };
    const e = store.evalById(id);
    if (!e) throw new DroverError('DROVER_ERR_EVAL_NOT_FOUND', 'eval not found', { statusCode: 404, location: id });
    return store.allocsByJob(e.Namespace, e.JobID).filter((a) => a.EvalID === id).map((a) => allocStub(store, a));
  });
}
