/**
 * Node endpoints: registration by a client agent, status transitions (down on missed
 * heartbeats, ready again on re-register) with the evaluations they trigger, eligibility.
 */
import { DroverError } from '../../api/errors.js';
import type { Evaluation, Node, NodeStatus } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';
import { newEvalFor } from './evals.js';
import { computedClass } from './node-class.js';

/** nodeEvals creates one `node-update` eval per job with non-terminal allocations on the node. */
export function nodeEvals(core: ServerCore, nodeId: string, trigger: 'node-update' | 'node-drain' = 'node-update'): Evaluation[] {
  const seen = new Set<string>();
  const evals: Evaluation[] = [];
  for (const a of core.store.allocsByNode(nodeId)) {
    if (isTerminal(a)) continue;
    const key = `${a.Namespace}/${a.JobID}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const job = core.store.job(a.Namespace, a.JobID);
    if (!job) continue;
    evals.push(newEvalFor(core, job, trigger, { NodeID: nodeId }));
  }
  return evals;
}

function event(core: ServerCore, message: string): Node['Events'][number] {
  return { Message: message, Subsystem: 'Cluster', Timestamp: new Date(core.now() / 1e6).toISOString(), CreateIndex: 0 };
}

/** registerNode stores a client's node (validated by the caller). A node re-registering after
 * being down becomes ready again and gets evaluations for its jobs. */
export async function registerNode(core: ServerCore, input: Node): Promise<{ index: number; node: Node }> {
  const prev = core.store.node(input.ID);
  if (prev && prev.SecretID !== input.SecretID) {
    throw new DroverError('DROVER_ERR_NODE_SECRET', `node secret ID does not match for node ${input.ID}`, { statusCode: 403 });
  }
  const node: Node = {
    ...input,
    NodePool: input.NodePool || 'default',
    Status: 'ready',
    StatusDescription: '',
    StatusUpdatedAt: prev?.Status === 'ready' ? prev.StatusUpdatedAt : Math.floor(core.now() / 1e9),
    SchedulingEligibility: prev?.SchedulingEligibility ?? input.SchedulingEligibility ?? 'eligible',
    Drain: prev?.Drain ?? false,
    Events: [...(prev?.Events ?? []), ...(prev ? (prev.Status !== 'ready' ? [event(core, 'Node re-registered')] : []) : [event(core, 'Node registered')])].slice(-10),
  };
  node.ComputedClass = computedClass(node);
  const evals = prev && prev.Status !== 'ready' ? nodeEvals(core, node.ID) : [];
  const index = await core.apply({ type: 'node.upsert', node, evals });
  return { index, node };
}

/** setNodeStatus moves a node to `status` (e.g. down on a missed heartbeat) and evaluates its jobs. */
export async function setNodeStatus(core: ServerCore, nodeId: string, status: NodeStatus, why: string): Promise<number> {
  const prev = core.store.node(nodeId);
  if (!prev) throw new DroverError('DROVER_ERR_NODE_NOT_FOUND', `node ${nodeId} not found`, { statusCode: 404 });
  if (prev.Status === status) return core.store.index;
  const node: Node = { ...prev, Status: status, StatusDescription: why, StatusUpdatedAt: Math.floor(core.now() / 1e9), Events: [...prev.Events, event(core, why)].slice(-10) };
  const evals = status === 'down' || status === 'disconnected' || status === 'ready' ? nodeEvals(core, nodeId) : [];
  return core.apply({ type: 'node.upsert', node, evals });
}

/** setNodeEligibility toggles scheduling eligibility (`node eligibility -enable|-disable`). */
export async function setNodeEligibility(core: ServerCore, nodeId: string, eligible: boolean): Promise<number> {
  const prev = core.store.node(nodeId);
  if (!prev) throw new DroverError('DROVER_ERR_NODE_NOT_FOUND', `node ${nodeId} not found`, { statusCode: 404 });
  if (eligible && prev.Drain) throw new DroverError('DROVER_ERR_NODE_DRAINING', 'can not set node eligible while it is draining', { statusCode: 400 });
  const node: Node = { ...prev, SchedulingEligibility: eligible ? 'eligible' : 'ineligible', Events: [...prev.Events, event(core, `Node marked as ${eligible ? 'eligible' : 'ineligible'} for scheduling`)].slice(-10) };
  return core.apply({ type: 'node.upsert', node, evals: [] });
}
