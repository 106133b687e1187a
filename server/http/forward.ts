/**
 * Request forwarding for HA servers (contributing/ha.md): a follower proxies every request that
 * needs the leader — PUT/POST/DELETE under /v1/ except the agent-local /v1/client/* and
 * /v1/agent/* — to the leader's HTTP address, and answers the cluster-wide status routes
 * (/v1/status/leader, /v1/status/peers, /v1/agent/health) from the server discovery view.
 *
 * Forwarded requests carry `X-Drover-Forwarded: 1`; a server that receives one while not leading
 * answers 503 DROVER_ERR_NO_LEADER instead of forwarding again, so requests never loop. Reads are
 * not forwarded: followers answer them from their own mirror (possibly stale by the watch lag).
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { DroverError } from '../../api/errors.js';
import { MAX_BODY_BYTES } from './limits.js';

/** FORWARDED_HEADER marks a request that a follower already forwarded. */
export const FORWARDED_HEADER = 'x-drover-forwarded';

/** HaRouting is what forwarding needs to know about the cluster. */
export interface HaRouting {
  /** This server leads and accepts writes now. */
  isLeader(): boolean;
  /** This server's advertised address (host:port). */
  selfAddr(): string;
  /** The leader's advertised address, if known (a hint). */
  leaderAddr(): string | undefined;
  /** Advertised addresses of the live servers. */
  peers(): string[];
  /** Upstream deadline of a forwarded request in ms (default 60 000). */
  forwardTimeoutMs?: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length', 'content-encoding']);

/** needsLeader says whether `method` on `path` must be served by the leader. */
export function needsLeader(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  if (!path.startsWith('/v1/')) return false;
  return !path.startsWith('/v1/client/') && !path.startsWith('/v1/agent/');
}

function noLeader(message: string): DroverError {
  return new DroverError('DROVER_ERR_NO_LEADER', message, { statusCode: 503 });
}

async function readBody(req: FastifyRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.raw) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new DroverError('DROVER_ERR_BODY_TOO_LARGE', `request body exceeds ${MAX_BODY_BYTES} bytes`, { statusCode: 413 });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** forwardToLeader proxies `req` to `leaderAddr` and relays the answer through `reply`. */
export async function forwardToLeader(req: FastifyRequest, reply: FastifyReply, leaderAddr: string, timeoutMs: number): Promise<FastifyReply> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set(FORWARDED_HEADER, '1');
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  let res: Response;
  try {
    res = await fetch(`http://${leaderAddr}${req.url}`, { method: req.method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (err) {
    // The request may or may not have reached the leader: like any 5xx, the outcome is unknown.
    throw new DroverError('DROVER_ERR_NO_LEADER', `forwarding to the leader at ${leaderAddr} failed: ${(err as Error).message}`, { statusCode: 503, location: leaderAddr, cause: err });
  }
  const payload = Buffer.from(await res.arrayBuffer());
  reply.code(res.status);
  res.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) void reply.header(name, value);
  });
  return reply.send(payload);
}

/** haRequestHook builds the onRequest hook that routes requests in an HA cluster. */
export function haRequestHook(routing: HaRouting): onRequestAsyncHookHandler {
  const timeoutMs = routing.forwardTimeoutMs ?? 60_000;
  return async function haRoute(req, reply) {
    const path = req.url.split('?', 1)[0] ?? req.url;
    if (req.method === 'GET') {
      const leader = routing.isLeader() ? routing.selfAddr() : routing.leaderAddr();
      if (path === '/v1/status/leader') return reply.type('application/json').send(JSON.stringify(leader ?? ''));
      if (path === '/v1/status/peers') return reply.send(routing.peers());
      if (path === '/v1/agent/health') {
        return reply.send({ server: { ok: leader !== undefined, message: leader !== undefined ? 'ok' : 'no leader' } });
      }
      return undefined;
    }
    if (!needsLeader(req.method, path) || routing.isLeader()) return undefined;
    if (req.headers[FORWARDED_HEADER] !== undefined) throw noLeader('this server received a forwarded request but is not the leader; retry');
    const leader = routing.leaderAddr();
    if (leader === undefined || leader === routing.selfAddr()) throw noLeader('no cluster leader is known; retry');
    return forwardToLeader(req, reply, leader, timeoutMs);
  };
}
