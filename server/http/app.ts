/**
 * buildApp: the server's fastify app (never listens; `cli/agent` or tests call listen/inject).
 * One plugin per API area. Errors are answered Nomad-style as plain text with an HTTP 4xx/5xx,
 * plus `X-Drover-Error-Code` and `X-Drover-Error-Location` headers; limits protect the server
 * from oversized or deeply nested bodies.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { isDroverError } from '../../api/errors.js';
import type { HttpDeps } from './deps.js';
import type { HaRouting } from './forward.js';
import { haRequestHook } from './forward.js';
import { allocRoutes } from './routes/allocs.js';
import { evalRoutes } from './routes/evals.js';
import { internalRoutes } from './routes/internal.js';
import { jobRoutes } from './routes/jobs.js';
import { jobspecRoutes } from './routes/jobspec.js';
import { nodeRoutes } from './routes/nodes.js';
import { searchRoutes } from './routes/search.js';
import { statusRoutes } from './routes/status.js';
import { checkJsonDepth, MAX_BODY_BYTES, MAX_JSON_DEPTH } from './limits.js';

/** BuildOptions: fastify options (logger etc.) and extra plugins (client routes in `-dev`). */
export interface BuildOptions {
  fastify?: FastifyServerOptions;
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  /** HA servers: forward writes to the leader and answer status routes cluster-wide (forward.ts). */
  ha?: HaRouting;
}

/** buildApp assembles the HTTP API around `deps`. */
export async function buildApp(deps: HttpDeps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, ...opts.fastify });
  if (opts.ha) app.addHook('onRequest', haRequestHook(opts.ha));

  // Nomad clients send JSON with any content type (fetch uses text/plain for string bodies):
  // every body is parsed as JSON, with the nesting limit.
  const parseJsonBody = (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void => {
    const text = body.toString();
    if (text.trim() === '') { done(null, undefined); return; }
    try {
      const parsed: unknown = JSON.parse(text);
      checkJsonDepth(parsed, MAX_JSON_DEPTH);
      done(null, parsed);
    } catch (err) {
      const e = err as Error & { statusCode?: number };
      e.statusCode = 400;
      done(e, undefined);
    }
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, parseJsonBody);
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJsonBody);

  app.setErrorHandler((err, _req, reply) => {
    if (isDroverError(err)) {
      reply.code(err.statusCode).header('X-Drover-Error-Code', err.code);
      if (err.location) reply.header('X-Drover-Error-Location', encodeURIComponent(err.location));
      return reply.type('text/plain; charset=utf-8').send(err.message);
    }
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    reply.code(status).header('X-Drover-Error-Code', status < 500 ? 'DROVER_ERR_BAD_REQUEST' : 'DROVER_ERR_INTERNAL');
    return reply.type('text/plain; charset=utf-8').send(status < 500 ? (err as Error).message : `internal error: ${(err as Error).message}`);
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).header('X-Drover-Error-Code', 'DROVER_ERR_NOT_FOUND').type('text/plain').send(`Invalid URL: ${req.method} ${req.url}`));

  for (const plugin of [jobRoutes, allocRoutes, nodeRoutes, evalRoutes, statusRoutes, internalRoutes, searchRoutes]) {
    await app.register(plugin, { deps });
  }
  await app.register(jobspecRoutes);
  for (const p of opts.plugins ?? []) await app.register(p);
  return app;
}
