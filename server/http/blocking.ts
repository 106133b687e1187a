/**
 * Blocking queries (Nomad semantics): `?index=N&wait=D` holds the request until the watched
 * index exceeds N or the wait (default 5m, max 10m, plus jitter up to wait/16) elapses, then
 * answers with `X-Nomad-Index`. Without `index` the request answers at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DroverError } from '../../api/errors.js';
import type { StateStore } from '../store/state-store.js';
import { waitForIndex } from '../store/blocking.js';
import { parseDurationMs } from '../../api/duration.js';

const DEFAULT_WAIT_MS = 300_000;
const MAX_WAIT_MS = 600_000;

/** BlockingParams are the parsed query parameters. */
export interface BlockingParams {
  minIndex: number;
  waitMs: number;
}

/** blockingParams reads `index` and `wait` from the query. */
export function blockingParams(req: FastifyRequest): BlockingParams {
  const q = req.query as Record<string, string | undefined>;
  const minIndex = q.index === undefined ? 0 : Number(q.index);
  if (!Number.isInteger(minIndex) || minIndex < 0) {
    throw new DroverError('DROVER_ERR_BAD_QUERY', `invalid index "${q.index}"`, { statusCode: 400, location: 'index' });
  }
  let waitMs = q.wait === undefined ? DEFAULT_WAIT_MS : parseDurationMs(q.wait, 'wait');
  waitMs = Math.min(waitMs, MAX_WAIT_MS);
  return { minIndex, waitMs: waitMs + Math.random() * (waitMs / 16) };
}

/**
 * blockingQuery waits (when `index` is given) on `watched`, then sets Nomad's response headers
 * and returns the index to report.
 */
export async function blockingQuery(req: FastifyRequest, reply: FastifyReply, store: StateStore, watched: () => number): Promise<number> {
  const { minIndex, waitMs } = blockingParams(req);
  const abort = new AbortController();
  req.raw.once('close', () => abort.abort());
  const index = minIndex > 0 ? await waitForIndex(store, watched, minIndex, waitMs, abort.signal) : watched();
  const reported = Math.max(1, index);
  reply.header('X-Nomad-Index', String(reported));
  reply.header('X-Nomad-KnownLeader', 'true');
  reply.header('X-Nomad-LastContact', '0');
  return reported;
}

/** namespaceOf reads `?namespace=` (default "default"; "*" means all). */
export function namespaceOf(req: FastifyRequest): string {
  const q = req.query as Record<string, string | undefined>;
  return q.namespace ?? (req.headers['x-nomad-namespace'] as string | undefined) ?? 'default';
}

/** prefixOf reads `?prefix=`. */
export function prefixOf(req: FastifyRequest): string {
  return (req.query as Record<string, string | undefined>).prefix ?? '';
}
