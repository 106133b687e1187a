/**
 * serverHttpDeps wires a running DroverServer into the HTTP layer.
 */
import type { Job } from '../../api/structs/index.js';
import { diffJobs } from '../../jobspecs/index.js';
import { admitJob } from '../endpoints/admit-job.js';
import { planJob } from '../endpoints/plan-job.js';
import type { DroverServer } from '../server.js';
import type { HttpDeps } from './deps.js';

/** serverHttpDeps builds HttpDeps for `server`, advertised at `addr` (host:port). */
export function serverHttpDeps(server: DroverServer, addr: () => string): HttpDeps {
  return {
    core: server,
    isLeader: () => server.isLeader(),
    advertiseAddr: addr,
    heartbeat: (nodeId) => server.leader.heartbeats.reset(nodeId),
    admitJob: (raw, path) => admitJob(raw, path, server.region).job,
    planJob: (job: Job, diff: boolean) => planJob(server, job, (old, next) => (diff ? diffJobs(old, next) : null)),
  };
}
