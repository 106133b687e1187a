/**
 * The system and sysbatch schedulers (reference §2.9): one allocation of every group on every
 * eligible node. Same loop as the generic scheduler (plan retries on partial commits: system 5,
 * sysbatch 2 attempts, reset on progress), with node-pinned placements:
 *
 *   reconcileNodes ─► stops, in-place updates ─► per (node, group): a one-node stack
 *     feasible and fits   -> placed
 *     infeasible (filter) -> not a failure: the node simply does not run the job
 *     exhausted (full)    -> failure; one blocked eval per such node (`NodeID` set)
 */
import { assertNever } from '../../api/errors.js';
import type { EvalTrigger, Evaluation, Node } from '../../api/structs/index.js';
import { AttemptScheduler } from './attempt-scheduler.js';
import type { Planner, SchedulerContext, SchedulerState } from './contracts.js';
import type { EligibilityReporter } from './generic.js';
import { blockedEval } from './generic-blocked.js';
import { planHeader, submitAttempt } from './generic-loop.js';
import type { AttemptOutcome } from './generic-loop.js';
import { buildAllocation } from './generic-place.js';
import { PlanBuilder } from './generic-plan.js';
import type { PlacementOutcome, PlacementStack, PlacementStackOptions } from './placement.js';
import { StopDescriptions } from './reconcile/index.js';
import { reconcileNodes } from './reconcile/node-reconcile.js';
import { hasEscapedConstraints } from './util/escaped.js';
import { readyNodesForJob, taintedNodes } from './util/nodes.js';

/** MAX_SYSTEM_PLAN_ATTEMPTS / MAX_SYSBATCH_PLAN_ATTEMPTS: Nomad's retry limits. */
export const MAX_SYSTEM_PLAN_ATTEMPTS = 5;
export const MAX_SYSBATCH_PLAN_ATTEMPTS = 2;

/** SystemSchedulerOptions: sysbatch semantics and the placement stack implementation. */
export interface SystemSchedulerOptions {
  readonly batch: boolean;
  readonly createStack: (opts: PlacementStackOptions) => PlacementStack & Partial<EligibilityReporter>;
}

/** isSystemTriggerHandled: the triggers Nomad's system scheduler accepts (+ periodic-job for
 * sysbatch, + max-plan-attempts for re-run blocked evals). */
export function isSystemTriggerHandled(trigger: EvalTrigger, batch: boolean): boolean {
  switch (trigger) {
    case 'job-register': case 'node-update': case 'failed-follow-up': case 'job-deregister': case 'rolling-update':
    case 'preemption': case 'deployment-watcher': case 'node-drain': case 'alloc-stop': case 'queued-allocs':
    case 'job-scaling': case 'reconnect': case 'max-plan-attempts':
      return true;
    case 'periodic-job':
      return batch;
    case 'scheduled': case 'alloc-failure': case 'alloc-reschedule': case 'max-disconnect-timeout':
      return false;
    default:
      return assertNever(trigger, 'eval trigger');
  }
}

/** SystemScheduler processes one evaluation of a system or sysbatch job. */
export class SystemScheduler extends AttemptScheduler {
  private readonly blockedNodes = new Set<string>();
  private lastBlocked: Evaluation | undefined;

  constructor(state: SchedulerState, planner: Planner, ctx: SchedulerContext, private readonly options: SystemSchedulerOptions) {
    super(state, planner, ctx);
  }

  protected override handles(trigger: EvalTrigger): boolean {
    return isSystemTriggerHandled(trigger, this.options.batch);
  }

  protected override attemptLimit(): number {
    return this.options.batch ? MAX_SYSBATCH_PLAN_ATTEMPTS : MAX_SYSTEM_PLAN_ATTEMPTS;
  }

  protected override blockedEvalId(): string | undefined {
    return this.lastBlocked?.ID;
  }

  protected override async attempt(evaluation: Evaluation): Promise<AttemptOutcome> {
    const state = this.state;
    const now = this.ctx.now();
    const job = state.job(evaluation.Namespace, evaluation.JobID);
    const allocs = state.allocsByJob(evaluation.Namespace, evaluation.JobID);
    const eligibleNodes = job === undefined || job.Stop ? [] : readyNodesForJob(state, job);
    const result = reconcileNodes({
      job,
      jobVersion: (v) => state.jobVersion(evaluation.Namespace, evaluation.JobID, v),
      existingAllocs: allocs,
      eligibleNodes,
      nodeOf: (id) => state.node(id),
      taintedNodes: taintedNodes(state, allocs),
      batch: this.options.batch,
    });
    const plan = new PlanBuilder(now);
    this.failedTGAllocs = {};
    this.queued = Object.fromEntries((job?.TaskGroups ?? []).map((tg) => [tg.Name, 0]));
    for (const stop of result.stop) plan.appendStop(stop.alloc, stop.description, stop.clientStatus);
    for (const alloc of result.inplaceUpdate) plan.appendAlloc({ ...alloc, JobVersion: job?.Version ?? alloc.JobVersion, EvalID: evaluation.ID, ModifyTime: now });

    const placed = new Map<string, string>();
    const failedNodes: Node[] = [];
    let eligibility: Partial<EligibilityReporter> = {};
    if (job !== undefined && !job.Stop) {
      const nodesById = new Map(eligibleNodes.map((n) => [n.ID, n]));
      const select = (nodeId: string, groupName: string, taskGroup: PlacementStackOptions['job']['TaskGroups'][number]): PlacementOutcome | undefined => {
        const node = nodesById.get(nodeId);
        if (node === undefined) return undefined;
        this.queued[groupName] = (this.queued[groupName] ?? 0) + 1;
        const stack = this.options.createStack({ state, plan, job, batch: this.options.batch, evalId: evaluation.ID, snapshotIndex: state.index, nodes: [node] });
        eligibility = stack;
        const outcome = stack.select({ taskGroup });
        if (outcome.placed) return outcome;
        if (outcome.metric.NodesExhausted > 0) {
          const failed = this.failedTGAllocs[groupName];
          if (failed === undefined) this.failedTGAllocs[groupName] = { ...outcome.metric, CoalescedFailures: 0 };
          else failed.CoalescedFailures += 1;
          failedNodes.push(node);
        } else {
          this.queued[groupName] = (this.queued[groupName] ?? 1) - 1; // infeasible node: nothing to queue
        }
        return outcome;
      };
      for (const update of result.destructiveUpdate) {
        plan.appendStop(update.alloc, StopDescriptions.updating);
        const outcome = select(update.alloc.NodeID, update.taskGroup.Name, update.taskGroup);
        if (outcome?.placed === true) {
          const alloc = buildAllocation({ job, tg: update.taskGroup, name: update.alloc.Name, outcome, evaluation, id: this.ctx.newId(), now, extra: { PreviousAllocation: update.alloc.ID } });
          plan.appendAlloc(alloc);
          placed.set(alloc.ID, update.taskGroup.Name);
        } else {
          plan.removeStop(update.alloc);
        }
      }
      for (const placement of result.place) {
        const outcome = select(placement.nodeId, placement.taskGroup.Name, placement.taskGroup);
        if (outcome?.placed !== true) continue;
        const extra = placement.previousAlloc === undefined ? {} : { PreviousAllocation: placement.previousAlloc.ID };
        const alloc = buildAllocation({ job, tg: placement.taskGroup, name: placement.name, outcome, evaluation, id: this.ctx.newId(), now, extra });
        plan.appendAlloc(alloc);
        placed.set(alloc.ID, placement.taskGroup.Name);
      }
      if (evaluation.Status !== 'blocked') {
        for (const node of failedNodes) await this.createBlocked(evaluation, node, eligibility, hasEscapedConstraints(job));
      }
    }
    if (plan.isNoOp() && evaluation.AnnotatePlan !== true) return { done: true };
    return submitAttempt(this.planner, plan.toPlan(planHeader(evaluation, job, state), { ...result.desiredTGUpdates }), placed, this.queued);
  }

  /** createBlocked: one blocked eval per node that ran out of resources (once per evaluation). */
  private async createBlocked(evaluation: Evaluation, node: Node, eligibility: Partial<EligibilityReporter>, escapedByJob: boolean): Promise<void> {
    if (this.blockedNodes.has(node.ID)) return;
    this.blockedNodes.add(node.ID);
    const blocked = blockedEval({
      evaluation,
      reason: 'queued-allocs',
      classEligibility: eligibility.classEligibility?.() ?? { [node.ComputedClass]: true },
      escapedComputedClass: eligibility.hasEscapedConstraints?.() ?? escapedByJob,
      failedTGAllocs: this.failedTGAllocs,
      snapshotIndex: this.state.index,
      id: this.ctx.newId(),
      now: this.ctx.now(),
    });
    blocked.NodeID = node.ID;
    this.lastBlocked = blocked;
    await this.planner.createEval(blocked);
  }
}
