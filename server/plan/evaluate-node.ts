/**
 * evaluateNodePlan: the plan applier's per-node verification (Nomad's evaluateNodePlan).
 *
 * A scheduler planned on a snapshot that may be stale; before committing, the applier checks
 * each node the plan touches against the latest state plus the overlay of results committed
 * but not yet visible. With a BaseUsageCache the cost is O(changes on the node) once the
 * node's committed usage is summarised; without one, O(allocations on the node).
 */
import type { Allocation, Node, Plan } from '../../api/structs/index.js';
import { assertNever } from '../../api/errors.js';
import type { SchedulerState } from '../scheduler/contracts.js';
import { BaseUsageCache } from './node-base-usage.js';
import type { PlanOverlay } from './plan-overlay.js';
import { proposedFit } from './proposed-fit.js';

/** NodePlanView is the state the verification reads: nodes and allocations by node (every
 * status; terminal ones are ignored here). */
export type NodePlanView = Pick<SchedulerState, 'node' | 'allocsByNode'>;

/** NodeVerdict is the outcome for one node. `reason` is Nomad's wording, or the resource
 * dimension that did not fit ("cpu", "memory", "disk", "max allocation exceeded",
 * "reserved node port collision: ip:port", "reserved alloc port collision: ip:port"). */
export type NodeVerdict = { readonly fits: true } | { readonly fits: false; readonly reason: string };

/** VerifyContext carries the applier's overlay and usage cache (both optional). */
export interface VerifyContext {
  readonly overlay?: PlanOverlay;
  readonly cache?: BaseUsageCache;
}

/** Reject reasons that are not resource dimensions. */
export const NODE_REJECT = {
  missing: 'node does not exist',
  disconnected: 'node is disconnected and contains invalid updates',
  down: 'node is down and contains invalid updates',
  notReady: 'node is not ready for placements',
  ineligible: 'node is not eligible',
} as const;

const FITS: NodeVerdict = { fits: true };

/**
 * evaluateNodePlan decides whether the plan's changes for `nodeId` may be committed:
 * 1. only stops/evictions for the node (nothing in NodeAllocation) -> fits;
 * 2. missing node -> reject; `disconnected` accepts only updates marking allocs `unknown`;
 *    `down` only updates marking them `unknown` or `lost`; any other non-ready status rejects;
 * 3. an ineligible node accepts only in-place updates of allocations already on it;
 * 4. proposed = live allocs - (NodeUpdate u NodeAllocation by ID) + NodeAllocation must fit
 *    (max allocs, cpu, memory, disk, ports incl. node-reserved ports).
 */
export function evaluateNodePlan(view: NodePlanView, plan: Plan, nodeId: string, context: VerifyContext = {}): NodeVerdict {
  const placing = plan.NodeAllocation[nodeId] ?? [];
  if (placing.length === 0) return FITS;

  const node: Node | undefined = view.node(nodeId);
  if (node === undefined) {
    context.cache?.forget(nodeId);
    return { fits: false, reason: NODE_REJECT.missing };
  }
  switch (node.Status) {
    case 'ready':
      break;
    case 'disconnected':
      return placing.every((a) => a.ClientStatus === 'unknown') ? FITS : { fits: false, reason: NODE_REJECT.disconnected };
    case 'down':
      return placing.every((a) => a.ClientStatus === 'unknown' || a.ClientStatus === 'lost') ? FITS : { fits: false, reason: NODE_REJECT.down };
    case 'initializing':
      return { fits: false, reason: NODE_REJECT.notReady };
    default:
      return assertNever(node.Status, 'node status');
  }

  const base = (context.cache ?? new BaseUsageCache()).usageFor(node, view.allocsByNode(nodeId));
  // changes: alloc ID -> version proposed on the node (undefined: not live any more).
  const changes = new Map<string, Allocation | undefined>();
  context.overlay?.collectChanges(nodeId, changes);

  if (node.SchedulingEligibility === 'ineligible') {
    const isLive = (id: string): boolean => (changes.has(id) ? changes.get(id) !== undefined : base.live.has(id));
    if (!placing.every((a) => isLive(a.ID))) return { fits: false, reason: NODE_REJECT.ineligible };
  }

  for (const a of plan.NodeUpdate[nodeId] ?? []) changes.set(a.ID, undefined);
  for (const a of placing) changes.set(a.ID, a);
  const fit = proposedFit(node, base, changes);
  return fit.fits ? FITS : { fits: false, reason: fit.dimension };
}
