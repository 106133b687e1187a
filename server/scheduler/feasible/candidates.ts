/**
 * Candidate nodes for a job: ready, eligible, not draining, in one of the job's datacenters
 * (`*` and `?` glob patterns allowed, as in Nomad) and in the job's node pool (`all` matches
 * every pool).
 */
import type { Job, Node } from '../../../api/structs/index.js';

const globCache = new Map<string, RegExp>();

/** datacenterMatches matches a node datacenter against one job datacenter pattern. */
export function datacenterMatches(pattern: string, datacenter: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === datacenter;
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    globCache.set(pattern, re);
  }
  return re.test(datacenter);
}

/** nodeInJobDatacenters: the node's datacenter matches one of the job's patterns. */
export function nodeInJobDatacenters(job: Pick<Job, 'Datacenters'>, node: Node): boolean {
  for (const p of job.Datacenters) if (datacenterMatches(p, node.Datacenter)) return true;
  return false;
}

/** nodeInJobPool: the node belongs to the job's node pool. */
export function nodeInJobPool(job: Pick<Job, 'NodePool'>, node: Node): boolean {
  const pool = job.NodePool === '' ? 'default' : job.NodePool;
  return pool === 'all' || node.NodePool === pool;
}

/** isNodeSchedulable: ready, eligible and not draining. */
export function isNodeSchedulable(node: Node): boolean {
  return node.Status === 'ready' && node.SchedulingEligibility === 'eligible' && !node.Drain;
}

/** CandidateNodes is the result of `candidateNodes`. */
export interface CandidateNodes {
  readonly nodes: Node[];
  /** Schedulable candidates per datacenter (AllocMetric.NodesAvailable). */
  readonly availableByDatacenter: Record<string, number>;
  /** Nodes of the job's pool in its datacenters, any status (AllocMetric.NodesInPool). */
  readonly nodesInPool: number;
}

/** candidateNodes filters `all` to the nodes a job may be placed on. */
export function candidateNodes(job: Pick<Job, 'Datacenters' | 'NodePool'>, all: readonly Node[]): CandidateNodes {
  const nodes: Node[] = [];
  const availableByDatacenter: Record<string, number> = {};
  let nodesInPool = 0;
  for (const node of all) {
    if (!nodeInJobPool(job, node) || !nodeInJobDatacenters(job, node)) continue;
    nodesInPool++;
    if (!isNodeSchedulable(node)) continue;
    nodes.push(node);
    availableByDatacenter[node.Datacenter] = (availableByDatacenter[node.Datacenter] ?? 0) + 1;
  }
  return { nodes, availableByDatacenter, nodesInPool };
}

const candidateCache = new WeakMap<readonly Node[], Map<string, CandidateNodes>>();

/** cachedCandidateNodes is candidateNodes memoized per node list object and job placement key
 * (datacenters + pool): a store that hands out the same immutable node list to successive
 * evaluations pays for the filtering once. Callers must not mutate the result. */
export function cachedCandidateNodes(job: Pick<Job, 'Datacenters' | 'NodePool'>, all: readonly Node[]): CandidateNodes {
  let byKey = candidateCache.get(all);
  if (byKey === undefined) {
    byKey = new Map();
    candidateCache.set(all, byKey);
  }
  const key = `${job.NodePool}\u0000${job.Datacenters.join('\u0000')}`;
  let hit = byKey.get(key);
  if (hit === undefined) {
    hit = candidateNodes(job, all);
    byKey.set(key, hit);
  }
  return hit;
}
