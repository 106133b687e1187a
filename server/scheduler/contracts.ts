/**
 * Contracts between the scheduler and the rest of the server.
 *
 * A scheduler runs on a read-only snapshot of cluster state (`SchedulerState`), decides, and
 * talks back only through a `Planner` (the worker in production; a recording planner in tests).
 * It never writes state itself: correctness of commits lives in the plan applier.
 */
import type { Allocation, Evaluation, Job, Node, Plan, PlanResult } from '../../api/structs/index.js';

/** SchedulerState is the read-only view a scheduler plans on. Records must not be mutated. */
export interface SchedulerState {
  /** The state index this snapshot reflects. */
  readonly index: number;
  /** A job's latest version (undefined when the job was purged). */
  job(namespace: string, id: string): Job | undefined;
  /** A specific stored version of a job (allocations point at their job version). */
  jobVersion(namespace: string, id: string, version: number): Job | undefined;
  node(id: string): Node | undefined;
  /** Every node, in a stable order (by ID). */
  nodes(): readonly Node[];
  /** Allocations of a job (every status, every version). */
  allocsByJob(namespace: string, jobId: string): readonly Allocation[];
  /** Allocations on a node (every status). */
  allocsByNode(nodeId: string): readonly Allocation[];
  allocById(id: string): Allocation | undefined;
  evalById(id: string): Evaluation | undefined;
}

/** Planner is how a scheduler submits work. Implemented by the worker and by test harnesses. */
export interface Planner {
  /** Submit a plan. On a partial commit `newState` is a refreshed snapshot to retry on. */
  submitPlan(plan: Plan): Promise<{ result: PlanResult; newState?: SchedulerState }>;
  /** Update the evaluation being processed (status, FailedTGAllocs, QueuedAllocations, ...). */
  updateEval(evaluation: Evaluation): Promise<void>;
  /** Create a follow-up or blocked evaluation. */
  createEval(evaluation: Evaluation): Promise<void>;
  /** Replace the job's existing blocked evaluation (used when a blocked eval is re-blocked). */
  reblockEval(evaluation: Evaluation): Promise<void>;
}

/** SchedulerContext is what a scheduler needs besides state: time and ID sources (injected so
 * tests are deterministic) and tuning. */
export interface SchedulerContext {
  /** Unix nanoseconds "now". */
  now(): number;
  newId(): string;
  /** Max plan attempts before giving up (service 5, batch 2 in Nomad). */
  maxPlanAttempts?: number;
}

/** Scheduler processes one evaluation to completion (including plan retries). */
export interface Scheduler {
  process(evaluation: Evaluation): Promise<void>;
}

/** SchedulerFactory builds the scheduler for an eval type. */
export type SchedulerFactory = (state: SchedulerState, planner: Planner, ctx: SchedulerContext) => Scheduler;

/** Re-exported for implementers. */
export type { Plan, PlanResult };
