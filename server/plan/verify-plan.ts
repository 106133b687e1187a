/**
 * verifyPlan: checks every node a plan touches and builds the result to commit (partial commit).
 */
import type { Plan, PlanResult } from '../../api/structs/index.js';
import type { NodePlanView, VerifyContext } from './evaluate-node.js';
import { evaluateNodePlan } from './evaluate-node.js';

/** NodeRejection names a node dropped from a plan and why. */
export interface NodeRejection {
  readonly nodeId: string;
  readonly reason: string;
}

/** PlanVerification is the result to commit (AllocIndex and RefreshIndex still 0) and the
 * nodes that were dropped. */
export interface PlanVerification {
  readonly result: PlanResult;
  readonly rejected: readonly NodeRejection[];
}

/**
 * verifyPlan evaluates each node in NodeUpdate u NodeAllocation. Nodes that fit keep both their
 * stops and their placements; a node that does not fit is dropped entirely. An AllAtOnce plan
 * is dropped entirely at the first misfit.
 */
export function verifyPlan(view: NodePlanView, plan: Plan, context: VerifyContext = {}): PlanVerification {
  const result: PlanResult = { NodeUpdate: {}, NodeAllocation: {}, RejectedNodes: [], RefreshIndex: 0, AllocIndex: 0 };
  const rejected: NodeRejection[] = [];
  const nodeIds = new Set([...Object.keys(plan.NodeUpdate), ...Object.keys(plan.NodeAllocation)]);
  for (const nodeId of nodeIds) {
    const verdict = evaluateNodePlan(view, plan, nodeId, context);
    if (!verdict.fits) {
      rejected.push({ nodeId, reason: verdict.reason });
      result.RejectedNodes.push(nodeId);
      if (plan.AllAtOnce) {
        result.NodeUpdate = {};
        result.NodeAllocation = {};
        return { result, rejected };
      }
      continue;
    }
    const stops = plan.NodeUpdate[nodeId];
    if (stops !== undefined && stops.length > 0) result.NodeUpdate[nodeId] = stops;
    const places = plan.NodeAllocation[nodeId];
    if (places !== undefined && places.length > 0) result.NodeAllocation[nodeId] = places;
  }
  return { result, rejected };
}
