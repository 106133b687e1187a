/**
 * HttpDeps: what the HTTP layer needs from the server. Routes are written against this narrow
 * interface, so tests can build the app around any ServerCore.
 */
import type { Job } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';
import type { JobPlanResponse } from '../endpoints/plan-job.js';

/** HttpDeps are handed to every route plugin. */
export interface HttpDeps {
  core: ServerCore;
  /** Leader status for /v1/status/leader and X-Nomad-KnownLeader. */
  isLeader(): boolean;
  /** Address advertised as the leader's RPC/HTTP address. */
  advertiseAddr(): string;
  /** Arms the node's heartbeat timer on the leader and returns the TTL in ms. */
  heartbeat(nodeId: string): number;
  /** Turns a request body's `Job` into a canonical, validated job, or throws a located 400. */
  admitJob(rawJob: unknown, path: string): Job;
  /** Dry-runs the scheduler for `job plan`. */
  planJob(job: Job, diff: boolean): Promise<JobPlanResponse>;
}
