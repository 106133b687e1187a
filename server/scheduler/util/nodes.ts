/**
 * Node helpers of the generic scheduler: which nodes a job may use (datacenter globs and node
 * pool), which nodes are ready for placements, and which nodes taint the allocations on them.
 */
import type { Allocation, Job, Node } from '../../../api/structs/index.js';
import type { SchedulerState } from '../contracts.js';
import type { NodeTaint } from '../reconcile/types.js';

/** datacenterMatches supports Nomad's datacenter globs (`*` matches any run of characters). */
export function datacenterMatches(pattern: string, datacenter: string): boolean {
  if (!pattern.includes('*')) return pattern === datacenter;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${escaped}$`).test(datacenter);
}

/** nodeMatchesJob: the node is in one of the job's datacenters and in its node pool (`all`
 * matches every pool). */
export function nodeMatchesJob(node: Pick<Node, 'Datacenter' | 'NodePool'>, job: Pick<Job, 'Datacenters' | 'NodePool'>): boolean {
  const poolMatches = job.NodePool === 'all' || job.NodePool === '' || node.NodePool === job.NodePool;
  return poolMatches && job.Datacenters.some((dc) => datacenterMatches(dc, node.Datacenter));
}

/** isNodeReady: status ready, not draining, eligible for scheduling (Nomad `Node.Ready()`). */
export function isNodeReady(node: Node): boolean {
  return node.Status === 'ready' && !node.Drain && (node.DrainStrategy ?? null) === null
    && node.SchedulingEligibility === 'eligible';
}

/** readyNodesForJob lists the ready nodes of the job's datacenters and pool, in state order. */
export function readyNodesForJob(state: SchedulerState, job: Job): Node[] {
  return state.nodes().filter((node) => isNodeReady(node) && nodeMatchesJob(node, job));
}

/** nodeTaint classifies one node for the reconciler; undefined means untainted. */
export function nodeTaint(node: Node | undefined): NodeTaint | undefined {
  if (node === undefined) return 'missing';
  switch (node.Status) {
    case 'down': return 'down';
    case 'disconnected': return 'disconnected';
    case 'ready':
    case 'initializing':
      return node.Drain || (node.DrainStrategy ?? null) !== null ? 'draining' : undefined;
  }
}

/** taintedNodes maps the tainted nodes hosting any of `allocs` to their taint. */
export function taintedNodes(state: SchedulerState, allocs: readonly Allocation[]): Map<string, NodeTaint> {
  const tainted = new Map<string, NodeTaint>();
  for (const nodeId of new Set(allocs.map((a) => a.NodeID))) {
    const taint = nodeTaint(state.node(nodeId));
    if (taint !== undefined) tainted.set(nodeId, taint);
  }
  return tainted;
}
