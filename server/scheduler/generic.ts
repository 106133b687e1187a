/**
 * The generic scheduler for service and batch jobs (reference §2.1).
 *
 *   process(eval)
 *     └─ retry up to N attempts (service 5, batch 2; reset whenever a plan made progress)
 *          load job + allocs ─► reconcile ─► stage stops/updates ─► place through the stack
 *          ─► blocked eval if anything failed (once per evaluation; not when a delayed-reschedule
 *             follow-up eval is created, which retries anyway)
 *          ─► empty plan? done (unless AnnotatePlan: `job plan` needs the annotations)
 *          ─► follow-up evals ─► submit plan ─► partial commit? retry on the refreshed state : done
 *     └─ eval complete (or re-blocked when it was a blocked eval that still cannot place);
 *        attempts exhausted ─► blocked eval `max-plan-attempts` + eval failed
 */
import { DroverError, assertNever } from '../../api/errors.js';
import type { EvalTrigger, Evaluation, Job } from '../../api/structs/index.js';
import { AttemptScheduler } from './attempt-scheduler.js';
import type { Planner, SchedulerContext, SchedulerState } from './contracts.js';
import { blockedEval, classEligibility } from './generic-blocked.js';
import type { BlockedReason } from './generic-blocked.js';
import { planHeader, submitAttempt } from './generic-loop.js';
import type { AttemptOutcome } from './generic-loop.js';
import { applyReconcileResult } from './generic-place.js';
import { PlanBuilder } from './generic-plan.js';
import type { PlacementStack, PlacementStackOptions } from './placement.js';
import { reconcile } from './reconcile/index.js';
import { hasEscapedConstraints } from './util/escaped.js';
import { readyNodesForJob, taintedNodes } from './util/nodes.js';

/** MAX_SERVICE_PLAN_ATTEMPTS / MAX_BATCH_PLAN_ATTEMPTS: Nomad's retry limits. */
export const MAX_SERVICE_PLAN_ATTEMPTS = 5;
export const MAX_BATCH_PLAN_ATTEMPTS = 2;

/** EligibilityReporter is what a stack may add: its memoized per-class verdicts, more precise
 * than the class eligibility derived from failure metrics. */
export interface EligibilityReporter {
  classEligibility(): Record<string, boolean>;
  hasEscapedConstraints(): boolean;
}

/** GenericSchedulerOptions select batch semantics and the placement stack implementation. */
export interface GenericSchedulerOptions {
  readonly batch: boolean;
  readonly createStack: (opts: PlacementStackOptions) => PlacementStack & Partial<EligibilityReporter>;
  readonly algorithm?: 'binpack' | 'spread';
}

/** isTriggerHandled: the generic scheduler processes every trigger except the leader's GC. */
export function isTriggerHandled(trigger: EvalTrigger): boolean {
  switch (trigger) {
    case 'job-register': case 'job-deregister': case 'periodic-job': case 'node-update': case 'node-drain':
    case 'alloc-stop': case 'rolling-update': case 'deployment-watcher': case 'failed-follow-up':
    case 'max-plan-attempts': case 'alloc-failure': case 'queued-allocs': case 'preemption': case 'job-scaling':
    case 'max-disconnect-timeout': case 'reconnect': case 'alloc-reschedule':
      return true;
    case 'scheduled':
      return false;
    default:
      return assertNever(trigger, 'eval trigger');
  }
}

/** GenericScheduler processes one evaluation of a service or batch job. */
export class GenericScheduler extends AttemptScheduler {
  private blocked: Evaluation | undefined;
  private eligibility: Record<string, boolean> = {};
  private escaped = false;

  constructor(state: SchedulerState, planner: Planner, ctx: SchedulerContext, private readonly options: GenericSchedulerOptions) {
    super(state, planner, ctx);
  }

  protected override handles(trigger: EvalTrigger): boolean {
    return isTriggerHandled(trigger);
  }

  protected override attemptLimit(): number {
    return this.options.batch ? MAX_BATCH_PLAN_ATTEMPTS : MAX_SERVICE_PLAN_ATTEMPTS;
  }

  protected override blockedEvalId(): string | undefined {
    return this.blocked?.ID;
  }

  /** onExhausted: out of attempts, the eval is re-run later through a `max-plan-attempts` blocked eval. */
  protected override async onExhausted(evaluation: Evaluation): Promise<void> {
    if (this.blocked === undefined) await this.createBlocked(evaluation, 'max-plan-attempts');
  }

  /** attempt runs reconcile -> place -> submit once on the current state. */
  protected override async attempt(evaluation: Evaluation): Promise<AttemptOutcome> {
    const state = this.state;
    const now = this.ctx.now();
    const job = state.job(evaluation.Namespace, evaluation.JobID);
    const allocs = state.allocsByJob(evaluation.Namespace, evaluation.JobID);
    const result = reconcile({
      namespace: evaluation.Namespace,
      jobId: evaluation.JobID,
      job,
      jobVersion: (version) => state.jobVersion(evaluation.Namespace, evaluation.JobID, version),
      existingAllocs: allocs,
      taintedNodes: taintedNodes(state, allocs),
      nodeOf: (id) => state.node(id),
      now,
      evalId: evaluation.ID,
      batch: this.options.batch,
      newId: () => this.ctx.newId(),
    });

    const plan = new PlanBuilder(now);
    this.failedTGAllocs = {};
    this.queued = {};
    if (job !== undefined && !job.Stop) {
      const candidates = readyNodesForJob(state, job);
      const stackOptions: PlacementStackOptions = {
        state, plan, job, batch: this.options.batch, evalId: evaluation.ID, snapshotIndex: state.index, nodes: candidates,
      };
      if (this.options.algorithm !== undefined) stackOptions.algorithm = this.options.algorithm;
      const stack = this.options.createStack(stackOptions);
      const pass = applyReconcileResult({ result, plan, stack, job, evaluation, ctx: this.ctx });
      this.failedTGAllocs = pass.failedTGAllocs;
      this.queued = pass.queued;
      this.eligibility = stack.classEligibility?.() ?? classEligibility(candidates, pass.failedTGAllocs);
      this.escaped = stack.hasEscapedConstraints?.() ?? hasEscapedConstraints(job);
      // A delayed-reschedule follow-up eval will retry anyway: it replaces the blocked eval.
      const delayInstead = result.followupEvals.length > 0;
      if (Object.keys(pass.failedTGAllocs).length > 0 && evaluation.Status !== 'blocked' && this.blocked === undefined && !delayInstead) {
        await this.createBlocked(evaluation, 'queued-allocs');
      }
      if (plan.isNoOp() && evaluation.AnnotatePlan !== true) return { done: true };
      for (const followup of result.followupEvals) await this.planner.createEval(followup);
      return submitAttempt(this.planner, plan.toPlan(planHeader(evaluation, job, state), { ...result.desiredTGUpdates }), pass.placedAllocs, this.queued);
    }
    applyReconcileResult({ result, plan, stack: noPlacements, job: job ?? stoppedJobShell(evaluation), evaluation, ctx: this.ctx });
    if (plan.isNoOp() && evaluation.AnnotatePlan !== true) return { done: true };
    return submitAttempt(this.planner, plan.toPlan(planHeader(evaluation, job, state), { ...result.desiredTGUpdates }), new Map(), this.queued);
  }

  private async createBlocked(evaluation: Evaluation, reason: BlockedReason): Promise<void> {
    this.blocked = blockedEval({
      evaluation,
      reason,
      classEligibility: this.eligibility,
      escapedComputedClass: this.escaped,
      failedTGAllocs: this.failedTGAllocs,
      snapshotIndex: this.state.index,
      id: this.ctx.newId(),
      now: this.ctx.now(),
    });
    await this.planner.createEval(this.blocked);
  }

  /** finish: a blocked eval that still cannot place everything is re-blocked; others complete. */
  protected override async finish(evaluation: Evaluation): Promise<void> {
    if (evaluation.Status === 'blocked' && Object.keys(this.failedTGAllocs).length > 0) {
      await this.planner.reblockEval({
        ...evaluation,
        ClassEligibility: this.eligibility,
        EscapedComputedClass: this.escaped,
        FailedTGAllocs: this.failedTGAllocs,
        QueuedAllocations: this.queued,
        SnapshotIndex: this.state.index,
        ModifyTime: this.ctx.now(),
      });
      return;
    }
    await super.finish(evaluation);
  }
}

/** noPlacements is the stack used when the job is stopped: the reconciler asks for none. */
const noPlacements: PlacementStack = {
  select: () => {
    throw new DroverError('DROVER_ERR_INTERNAL', 'a stopped job asked for a placement', { statusCode: 500, location: 'generic.ts' });
  },
};

/** stoppedJobShell stands in for a purged job while its allocations are stopped. */
function stoppedJobShell(evaluation: Evaluation): Job {
  return {
    Region: '', Namespace: evaluation.Namespace, ID: evaluation.JobID, Name: evaluation.JobID, Type: 'service',
    Priority: evaluation.Priority, AllAtOnce: false, Datacenters: [], NodePool: '', TaskGroups: [], Stop: true,
    Status: 'dead', Stable: false, Version: 0, SubmitTime: 0, CreateIndex: 0, ModifyIndex: 0, JobModifyIndex: 0,
  };
}
