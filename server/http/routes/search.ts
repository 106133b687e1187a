/**
 * Prefix search (Nomad's `/v1/search`): `POST {Prefix, Context}` (or `GET ?prefix=&context=`)
 * answers `{Matches: {jobs: [...], evals: [...], allocs: [...], nodes: [...]}, Truncations: {...}}`
 * with at most 20 IDs per context, sorted. Context `all` searches every supported context.
 * Jobs, evaluations and allocations are filtered by namespace (`*` means every namespace).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import { blockingQuery, namespaceOf } from '../blocking.js';
import type { HttpDeps } from '../deps.js';

/** SEARCH_LIMIT is Nomad's per-context truncation limit. */
export const SEARCH_LIMIT = 20;

/** SearchContext is one of the searchable object kinds. */
export type SearchContext = 'jobs' | 'evals' | 'allocs' | 'nodes';

const CONTEXTS: readonly SearchContext[] = ['jobs', 'evals', 'allocs', 'nodes'];

/** SearchResponse is Nomad's `api.SearchResponse`. */
export interface SearchResponse {
  Matches: Partial<Record<SearchContext, string[]>>;
  Truncations: Partial<Record<SearchContext, boolean>>;
  Index: number;
}

function params(req: FastifyRequest): { prefix: string; context: string } {
  let raw: unknown = req.method === 'GET' ? {} : req.body ?? {};
  // fastify's built-in text/plain parser hands over a string (fetch's default content type)
  if (typeof raw === 'string') {
    try {
      raw = raw.trim() === '' ? {} : JSON.parse(raw) as unknown;
    } catch {
      throw new DroverError('DROVER_ERR_BAD_BODY', 'search body must be JSON {Prefix, Context}', { statusCode: 400, location: 'body' });
    }
  }
  if (typeof raw !== 'object' || raw === null) throw new DroverError('DROVER_ERR_BAD_BODY', 'search body must be a JSON object', { statusCode: 400, location: 'body' });
  const body = raw as Record<string, unknown>;
  const q = req.query as Record<string, string | undefined>;
  const prefix = body.Prefix ?? q.prefix ?? '';
  const context = body.Context ?? q.context ?? 'all';
  if (typeof prefix !== 'string') throw new DroverError('DROVER_ERR_BAD_BODY', 'Prefix must be a string', { statusCode: 400, location: 'Prefix' });
  if (typeof context !== 'string') throw new DroverError('DROVER_ERR_BAD_BODY', 'Context must be a string', { statusCode: 400, location: 'Context' });
  return { prefix, context };
}

/** searchRoutes registers GET and POST /v1/search. */
export async function searchRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const store = opts.deps.core.store;

  const search = async (req: FastifyRequest, reply: Parameters<typeof blockingQuery>[1]): Promise<SearchResponse> => {
    const { prefix, context } = params(req);
    let wanted: readonly SearchContext[];
    if (context === 'all') wanted = CONTEXTS;
    else if ((CONTEXTS as readonly string[]).includes(context)) wanted = [context as SearchContext];
    else throw new DroverError('DROVER_ERR_BAD_BODY', `unsupported search context "${context}" (one of ${CONTEXTS.join(', ')}, all)`, { statusCode: 400, location: 'Context' });
    const index = await blockingQuery(req, reply, store, () => store.index);
    const ns = namespaceOf(req);
    const inNs = (n: string): boolean => ns === '*' || n === ns;
    const ids: Record<SearchContext, () => Iterable<string>> = {
      jobs: function* () { for (const j of store.allJobs()) if (inNs(j.Namespace) && j.ID.startsWith(prefix)) yield j.ID; },
      evals: function* () { for (const e of store.allEvals()) if (inNs(e.Namespace) && e.ID.startsWith(prefix)) yield e.ID; },
      allocs: function* () { for (const a of store.allAllocs()) if (inNs(a.Namespace) && a.ID.startsWith(prefix)) yield a.ID; },
      nodes: function* () { for (const n of store.nodes()) if (n.ID.startsWith(prefix)) yield n.ID; },
    };
    const out: SearchResponse = { Matches: {}, Truncations: {}, Index: index };
    for (const c of wanted) {
      const all = [...new Set(ids[c]())].sort();
      out.Matches[c] = all.slice(0, SEARCH_LIMIT);
      out.Truncations[c] = all.length > SEARCH_LIMIT;
    }
    return out;
  };
  app.get('/v1/search', search);
  app.post('/v1/search', search);
  app.put('/v1/search', search);
}
