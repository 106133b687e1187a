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

/** ClassIndex numbers the computed classes of a node list: `ids[i]` is the class number of
 * node i (-1: no computed class), `names[id]` the ComputedClass string. The stack's hot loop
 * reads these compact arrays instead of touching every node record. */
export interface ClassIndex {
  readonly ids: Int32Array;
  readonly names: readonly string[];
}

/** indexClasses builds the ClassIndex of `nodes`. */
export function indexClasses(nodes: readonly Node[]): ClassIndex {
  const ids = new Int32Array(nodes.length);
  const names: string[] = [];
  const byName = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    const cls = (nodes[i] as Node).ComputedClass;
    if (cls === '') {
      ids[i] = -1;
      continue;
    }
    let id = byName.get(cls);
    if (id === undefined) {
      id = names.length;
      names.push(cls);
      byName.set(cls, id);
    }
    ids[i] = id;
  }
  return { ids, names };
}

/** CandidateNodes is the result of `candidateNodes`. */
export interface CandidateNodes {
  readonly nodes: readonly Node[];
  readonly classes: ClassIndex;
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
  return { nodes, classes: indexClasses(nodes), availableByDatacenter, nodesInPool };
}

/** givenCandidates wraps a caller-chosen node list (system scheduler: one node) as-is. */
export function givenCandidates(nodes: readonly Node[]): CandidateNodes {
  const availableByDatacenter: Record<string, number> = {};
  for (const n of nodes) availableByDatacenter[n.Datacenter] = (availableByDatacenter[n.Datacenter] ?? 0) + 1;
  return { nodes, classes: indexClasses(nodes), availableByDatacenter, nodesInPool: nodes.length };
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
