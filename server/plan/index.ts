/** Plan queue and plan applier: the leader's optimistic-concurrency commit path. */
export { PlanQueue } from './plan-queue.js';
export type { PendingPlan, PlanQueueState, PlanQueueStats } from './plan-queue.js';
export { PlanApplier } from './applier.js';
export type { ApplierStateView, PlanApplierEvents, PlanApplierOptions, PlanApplierState } from './applier.js';
export { evaluateNodePlan, NODE_REJECT } from './evaluate-node.js';
export type { NodePlanView, NodeVerdict, VerifyContext } from './evaluate-node.js';
export { verifyPlan } from './verify-plan.js';
export type { NodeRejection, PlanVerification } from './verify-plan.js';
export { submitPlan } from './submit-plan.js';
export type { NackTimerControl } from './submit-plan.js';
