/**
 * ServerConnection: the client's side of the internal API (contributing/api-internal.md):
 * register, heartbeat, blocking alloc pull, batched alloc updates. It fails over to the next
 * server address when one is unreachable, and carries the node secret on every call.
 */
import { DroverError, isDroverError } from '../api/errors.js';
import { HttpClient } from '../api/http-client.js';
import type { Node } from '../api/structs/index.js';
import type { AllocUpdate, ClientAlloc } from './types.js';

const NS_PER_MS = 1_000_000;

/** RegisterResult is the server's answer to register and heartbeat. */
export interface HeartbeatResult {
  ttlMs: number;
  index: number;
}

/** AllocPull is one answer of the blocking alloc query. */
export interface AllocPull {
  allocs: ClientAlloc[];
  index: number;
}

/** ServerConnection talks to whichever configured server answers. */
export class ServerConnection {
  private readonly clients: HttpClient[];
  private current = 0;

  constructor(servers: readonly string[], nodeSecret: string) {
    if (servers.length === 0) throw new DroverError('DROVER_ERR_CONFIG_INVALID', 'client needs at least one server address', { statusCode: 400, location: 'servers' });
    this.clients = servers.map((address) => new HttpClient({ address, headers: { 'X-Drover-Node-Secret': nodeSecret } }));
  }

  /** call runs `op` against the current server, moving to the next one when it is unreachable. */
  private async call<T>(op: (c: HttpClient) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < this.clients.length; i++) {
      const client = this.clients[(this.current + i) % this.clients.length];
      if (client === undefined) continue;
      try {
        const out = await op(client);
        this.current = (this.current + i) % this.clients.length;
        return out;
      } catch (e) {
        lastError = e;
        if (!(isDroverError(e) && e.code === 'DROVER_ERR_UNREACHABLE')) throw e;
      }
    }
    throw lastError;
  }

  /** register sends the node and returns the heartbeat TTL. */
  register(node: Node): Promise<HeartbeatResult> {
    return this.call(async (c) => {
      const { value } = await c.put<{ HeartbeatTTL: number; Index: number }>('/v1/internal/node/register', { Node: node });
      return { ttlMs: value.HeartbeatTTL / NS_PER_MS, index: value.Index };
    });
  }

  /** heartbeat renews the node's TTL; throws DROVER_ERR_NODE_NOT_FOUND (404) when it must re-register. */
  heartbeat(nodeId: string): Promise<HeartbeatResult> {
    return this.call(async (c) => {
      const { value } = await c.put<{ HeartbeatTTL: number; Index: number }>(`/v1/internal/node/${encodeURIComponent(nodeId)}/heartbeat`, { Status: 'ready' });
      return { ttlMs: value.HeartbeatTTL / NS_PER_MS, index: value.Index };
    });
  }

  /** pullAllocs is the blocking query for the node's allocations. */
  pullAllocs(nodeId: string, index: number, waitMs: number, signal: AbortSignal): Promise<AllocPull> {
    return this.call(async (c) => {
      const { value, index: header } = await c.get<{ Allocs: ClientAlloc[]; Index: number }>(`/v1/internal/node/${encodeURIComponent(nodeId)}/allocations`, { index, waitMs, signal });
      return { allocs: value.Allocs, index: Math.max(value.Index ?? 0, header) };
    });
  }

  /** pushAllocUpdates sends a batch of alloc status updates. */
  pushAllocUpdates(nodeId: string, updates: AllocUpdate[]): Promise<void> {
    return this.call(async (c) => {
      await c.put(`/v1/internal/node/${encodeURIComponent(nodeId)}/allocations`, { Allocs: updates });
    });
  }
}
