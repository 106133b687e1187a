/**
 * clientRoutes: the client agent's HTTP API as one fastify plugin (the agent's app mounts it):
 *   /v1/client/fs/{logs,ls,stat,cat}/:alloc and /v1/client/allocation/:id/{stats,restart,signal,exec}.
 * Errors are DroverErrors rendered as `{ code, message, location }` with their status code.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import websocket from '@fastify/websocket';
import { isDroverError } from '../../api/errors.js';
import type { ClientAgent } from '../agent.js';
import { registerAllocOpsRoutes } from './alloc-ops.js';
import { registerExecRoute } from './exec.js';
import { registerFsRoutes } from './fs.js';
import { registerLogsRoute } from './logs.js';

/** clientRoutes returns the plugin serving `agent`'s allocations. */
export function clientRoutes(agent: ClientAgent): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    if (!app.hasDecorator('websocketServer')) await app.register(websocket);
    app.setErrorHandler((err, _req, reply) => {
      if (isDroverError(err)) {
        return reply.code(err.statusCode).send({ code: err.code, message: err.message, location: err.location });
      }
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      return reply.code(status).send({ code: status >= 500 ? 'DROVER_ERR_INTERNAL' : 'DROVER_ERR_BAD_REQUEST', message: (err as Error).message });
    });
    registerLogsRoute(app, agent);
    registerFsRoutes(app, agent);
    registerAllocOpsRoutes(app, agent);
    registerExecRoute(app, agent);
  };
}
