/**
 * haRouting: wires a running HA server (etcd backend) to the HTTP layer — server discovery
 * (leader address, peers) plus the HaRouting that `buildApp({ ha })` uses to forward writes.
 */
import type { HaRouting } from '../http/forward.js';
import type { DroverServer } from '../server.js';
import { ServerDiscovery } from './discovery.js';

/** LEADER_ELECTION_NAME is the election every server of a region campaigns in (server.ts). */
export const LEADER_ELECTION_NAME = 'drover-leader';

/** HaAgentParts are what an agent needs to run as one of several HA servers. */
export interface HaAgentParts {
  readonly routing: HaRouting;
  readonly discovery: ServerDiscovery;
  /** start publishes this server's address; call once the HTTP API listens. */
  start(): void;
  close(): void;
}

/** haRouting builds discovery and request routing for `server`, advertised at `addr()`. */
export function haRouting(server: DroverServer, addr: () => string, log: (level: 'info' | 'warn' | 'error', message: string) => void): HaAgentParts {
  const discovery = new ServerDiscovery({
    kv: server.kv,
    electionName: LEADER_ELECTION_NAME,
    self: () => ({ ID: server.serverId, Addr: addr(), Region: server.region }),
    log,
  });
  const routing: HaRouting = {
    isLeader: () => server.isLeader(),
    selfAddr: addr,
    leaderAddr: () => discovery.current.leaderAddr,
    peers: () => discovery.current.peers,
  };
  return { routing, discovery, start: () => discovery.start(), close: () => discovery.close() };
}
