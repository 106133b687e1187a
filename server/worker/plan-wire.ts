/**
 * The plan as it crosses the thread boundary, both ways.
 *
 * Worker -> leader (`sharePlanMetrics`): the plan's new allocations of one task group share ONE
 * AllocMetric (the group's first placement in this plan). Structured clone sends a shared
 * object once, and the store writes it once (see server/store/alloc-metrics.ts), so a plan of
 * 1,000 allocations carries 5 explanations instead of 1,000.
 *
 * Leader -> worker (`compactResult` / `expandResult`): the applier commits a plan node by node
 * (a node is kept whole or dropped whole, an AllAtOnce plan whole or not at all), so the result
 * is fully described by the rejected nodes and the indexes; the worker rebuilds the committed
 * allocation lists from its own plan instead of receiving 1,000 allocations back.
 */
import type { AllocMetric, AllocatedResources, Allocation, Plan, PlanResult } from '../../api/structs/index.js';
import { deepEqual } from '../scheduler/util/deep-equal.js';

/** PlanResultWire is a PlanResult without its allocation lists. */
export interface PlanResultWire {
  readonly RejectedNodes: readonly string[];
  readonly RefreshIndex: number;
  readonly AllocIndex: number;
  /** Node IDs whose stops / placements were committed (the applier's own view). */
  readonly updatedNodes: readonly string[];
  readonly allocatedNodes: readonly string[];
}

/** sharePlanMetrics returns `plan` with the Metrics of its new allocations shared per group,
 * and equal AllocatedResources of a group's new allocations shared too (one object crosses the
 * thread boundary instead of one per allocation; the stores intern it once). */
export function sharePlanMetrics(plan: Plan): Plan {
  const perGroup = new Map<string, { metrics: AllocMetric; resources: AllocatedResources }>();
  const NodeAllocation: Record<string, Allocation[]> = {};
  for (const [nodeId, allocs] of Object.entries(plan.NodeAllocation)) {
    NodeAllocation[nodeId] = allocs.map((a) => {
      if (a.Metrics === undefined || a.CreateIndex !== 0 || a.EvalID !== plan.EvalID) return a;
      const shared = perGroup.get(a.TaskGroup);
      if (shared === undefined) {
        perGroup.set(a.TaskGroup, { metrics: a.Metrics, resources: a.AllocatedResources });
        return a;
      }
      const resources = deepEqual(a.AllocatedResources, shared.resources) ? shared.resources : a.AllocatedResources;
      return shared.metrics === a.Metrics && resources === a.AllocatedResources ? a : { ...a, Metrics: shared.metrics, AllocatedResources: resources };
    });
  }
  return { ...plan, NodeAllocation };
}

/** compactResult is what the leader sends back for a committed (or rejected) plan. */
export function compactResult(r: PlanResult): PlanResultWire {
  return {
    RejectedNodes: r.RejectedNodes,
    RefreshIndex: r.RefreshIndex,
    AllocIndex: r.AllocIndex,
    updatedNodes: Object.keys(r.NodeUpdate),
    allocatedNodes: Object.keys(r.NodeAllocation),
  };
}

/** expandResult rebuilds the PlanResult from the submitted plan and the wire result. */
export function expandResult(plan: Plan, w: PlanResultWire): PlanResult {
  const pick = (from: Record<string, Allocation[]>, ids: readonly string[]): Record<string, Allocation[]> => {
    const out: Record<string, Allocation[]> = {};
    for (const id of ids) {
      const list = from[id];
      if (list !== undefined) out[id] = list;
    }
    return out;
  };
  return {
    NodeUpdate: pick(plan.NodeUpdate, w.updatedNodes),
    NodeAllocation: pick(plan.NodeAllocation, w.allocatedNodes),
    RejectedNodes: [...w.RejectedNodes],
    RefreshIndex: w.RefreshIndex,
    AllocIndex: w.AllocIndex,
  };
}
