/**
 * Applying a ReconcileResult to a plan (reference §2.1 `computeJobAllocs` + `computePlacements`):
 * stops, follow-up annotations and in-place updates first, then destructive updates (the old
 * allocation is stopped before its replacement is selected, so its resources count as free;
 * the stop is undone if no node fits), then placements. After a group fails once in an
 * evaluation, its remaining placements are not tried: they are counted as CoalescedFailures.
 */
import type { AllocMetric, Allocation, Evaluation, Job, TaskGroup } from '../../api/structs/index.js';
import type { SchedulerContext } from './contracts.js';
import type { PlanBuilder } from './generic-plan.js';
import type { PlacementOutcome, PlacementRequest, PlacementStack } from './placement.js';
import type { PlaceResult, ReconcileResult } from './reconcile/index.js';
import { StopDescriptions, nextRescheduleTracker } from './reconcile/index.js';

/** PlacementPass is what one attempt placed and failed to place. */
export interface PlacementPass {
  /** Group -> metric of its first failed placement (CoalescedFailures counts the others). */
  readonly failedTGAllocs: Record<string, AllocMetric>;
  /** Group -> allocations this attempt asked to place (placements + destructive updates). */
  readonly queued: Record<string, number>;
  /** IDs of the new allocations staged in the plan -> their group. */
  readonly placedAllocs: Map<string, string>;
}

/** ApplyArgs are the inputs of one placement pass. */
export interface ApplyArgs {
  readonly result: ReconcileResult;
  readonly plan: PlanBuilder;
  readonly stack: PlacementStack;
  readonly job: Job;
  readonly evaluation: Evaluation;
  readonly ctx: SchedulerContext;
}

/** applyReconcileResult stages every decision of `result` in `plan`. */
export function applyReconcileResult(args: ApplyArgs): PlacementPass {
  const { result, plan, job, evaluation, ctx } = args;
  const now = ctx.now();
  const failedTGAllocs: Record<string, AllocMetric> = {};
  const queued: Record<string, number> = Object.fromEntries(job.TaskGroups.map((tg) => [tg.Name, 0]));
  const placedAllocs = new Map<string, string>();

  for (const stop of result.stop) plan.appendStop(stop.alloc, stop.description, stop.clientStatus);
  for (const update of result.attributeUpdates) {
    plan.appendAlloc({ ...update.alloc, FollowupEvalID: update.followupEvalId, ModifyTime: now });
  }
  for (const alloc of result.inplaceUpdate) {
    plan.appendAlloc({ ...alloc, JobVersion: job.Version, EvalID: evaluation.ID, ModifyTime: now });
  }

  const tryPlace = (tg: TaskGroup, request: PlacementRequest): PlacementOutcome | undefined => {
    queued[tg.Name] = (queued[tg.Name] ?? 0) + 1;
    const failed = failedTGAllocs[tg.Name];
    if (failed !== undefined) {
      failed.CoalescedFailures += 1;
      return undefined;
    }
    const outcome = args.stack.select(request);
    if (!outcome.placed) failedTGAllocs[tg.Name] = { ...outcome.metric, CoalescedFailures: 0 };
    return outcome;
  };
  const stage = (tg: TaskGroup, name: string, outcome: PlacedOutcome, extra: Partial<Allocation>): void => {
    const alloc = buildAllocation({ job, tg, name, outcome, evaluation, id: ctx.newId(), now, extra });
    plan.appendAlloc(alloc);
    placedAllocs.set(alloc.ID, tg.Name);
  };

  for (const update of result.destructiveUpdate) {
    plan.appendStop(update.alloc, StopDescriptions.updating);
    const outcome = tryPlace(update.taskGroup, { taskGroup: update.taskGroup });
    if (outcome?.placed === true) stage(update.taskGroup, update.name, outcome, { PreviousAllocation: update.alloc.ID });
    else plan.removeStop(update.alloc);
  }

  for (const placement of result.place) {
    const outcome = tryPlace(placement.taskGroup, placementRequest(placement));
    if (outcome?.placed !== true) continue;
    const prev = placement.previousAlloc;
    const extra: Partial<Allocation> = {};
    if (prev !== undefined) extra.PreviousAllocation = prev.ID;
    if (placement.kind === 'reschedule' && prev !== undefined) {
      extra.RescheduleTracker = nextRescheduleTracker(prev, placement.taskGroup.ReschedulePolicy, now);
      plan.appendStop(prev, StopDescriptions.rescheduled);
    }
    stage(placement.taskGroup, placement.name, outcome, extra);
  }
  return { failedTGAllocs, queued, placedAllocs };
}

/** PlacedOutcome is a successful PlacementOutcome. */
export type PlacedOutcome = Extract<PlacementOutcome, { placed: true }>;

/** buildAllocation creates the record of a new allocation placed by `outcome`. */
export function buildAllocation(args: {
  job: Job; tg: TaskGroup; name: string; outcome: PlacedOutcome; evaluation: Evaluation; id: string; now: number; extra?: Partial<Allocation>;
}): Allocation {
  const { job, tg, outcome, now } = args;
  return {
    ID: args.id,
    Namespace: job.Namespace,
    EvalID: args.evaluation.ID,
    Name: args.name,
    NodeID: outcome.node.ID,
    NodeName: outcome.node.Name,
    JobID: job.ID,
    JobVersion: job.Version,
    TaskGroup: tg.Name,
    AllocatedResources: outcome.resources,
    Metrics: outcome.metric,
    DesiredStatus: 'run',
    DesiredDescription: '',
    ClientStatus: 'pending',
    ClientDescription: '',
    CreateIndex: 0,
    ModifyIndex: 0,
    AllocModifyIndex: 0,
    CreateTime: now,
    ModifyTime: now,
    ...args.extra,
  };
}

/** placementRequest: penalties for reschedules; the previous node is preferred when the group's
 * ephemeral disk is sticky or migrates. */
function placementRequest(placement: PlaceResult): PlacementRequest {
  const request: PlacementRequest = { taskGroup: placement.taskGroup };
  if (placement.penaltyNodeIds.size > 0) request.penaltyNodeIds = placement.penaltyNodeIds;
  const disk = placement.taskGroup.EphemeralDisk;
  if (placement.previousAlloc !== undefined && (disk.Sticky || disk.Migrate)) request.preferredNodeId = placement.previousAlloc.NodeID;
  return request;
}
