/**
 * Harness: MemoryState plus a recording Planner (Nomad's `scheduler.Harness`). Submitted plans
 * are applied to the state as the plan applier would commit them, except for nodes the test
 * asks to reject: those are dropped (a partial commit) and the scheduler gets a refreshed
 * snapshot to retry on. Plans, results and every evaluation write are recorded for assertions.
 */
import type { Allocation, Evaluation, Plan, PlanResult } from '../../api/structs/index.js';
import type { Planner, Scheduler, SchedulerContext, SchedulerFactory, SchedulerState } from '../../server/scheduler/contracts.js';
import { MemoryState } from './memory-state.js';

/** HarnessOptions tune the recording planner. */
export interface HarnessOptions {
  /** Nodes the simulated plan applier rejects for plan number `planNumber` (0-based). Only
   * nodes receiving allocations can be rejected; stop-only nodes always commit. */
  rejectNodes?: (plan: Plan, planNumber: number) => Iterable<string>;
  /** Fixed "now" of the scheduler context (Unix ns); default 2026-01-01T00:00:00Z. */
  now?: number;
  /** Prefix of generated IDs (8 hex digits); default `00000000`. */
  idPrefix?: string;
  /** SchedulerContext.maxPlanAttempts override. */
  maxPlanAttempts?: number;
}

/** DEFAULT_NOW is the harness clock: 2026-01-01T00:00:00Z in Unix ns. */
export const DEFAULT_NOW = Date.UTC(2026, 0, 1) * 1_000_000;

/** Harness records what a scheduler did and applies its plans to `state`. */
export class Harness implements Planner {
  readonly state: MemoryState;
  readonly plans: Plan[] = [];
  readonly results: PlanResult[] = [];
  readonly updatedEvals: Evaluation[] = [];
  readonly createdEvals: Evaluation[] = [];
  readonly reblockedEvals: Evaluation[] = [];
  private idCounter = 0;
  private clock: number;

  constructor(private readonly options: HarnessOptions = {}, state = new MemoryState()) {
    this.state = state;
    this.clock = options.now ?? DEFAULT_NOW;
  }

  /** context returns a deterministic SchedulerContext: a fixed clock and counter-based UUIDs. */
  context(): SchedulerContext {
    const ctx: SchedulerContext = { now: () => this.clock, newId: () => this.nextId() };
    if (this.options.maxPlanAttempts !== undefined) ctx.maxPlanAttempts = this.options.maxPlanAttempts;
    return ctx;
  }

  /** setNow moves the harness clock (Unix ns). */
  setNow(now: number): void {
    this.clock = now;
  }

  /** nextId returns the next deterministic UUID-shaped ID. */
  nextId(): string {
    this.idCounter += 1;
    return `${this.options.idPrefix ?? '00000000'}-0000-4000-8000-${this.idCounter.toString(16).padStart(12, '0')}`;
  }

  /** process runs one evaluation with the scheduler `factory` builds on a snapshot. */
  async process(factory: SchedulerFactory, evaluation: Evaluation): Promise<void> {
    const scheduler: Scheduler = factory(this.state.snapshot(), this, this.context());
    await scheduler.process(evaluation);
  }

  async submitPlan(plan: Plan): Promise<{ result: PlanResult; newState?: SchedulerState }> {
    const planNumber = this.plans.length;
    this.plans.push(plan);
    // Like Nomad's applier, a node whose plan only stops allocations always fits: only nodes
    // receiving allocations can be rejected (and then lose their stops too).
    const rejected = new Set([...(this.options.rejectNodes?.(plan, planNumber) ?? [])].filter((id) => id in plan.NodeAllocation));
    const nodeUpdate: Record<string, Allocation[]> = {};
    const nodeAllocation: Record<string, Allocation[]> = {};
    const writes: Allocation[] = [];
    for (const [nodeId, stops] of Object.entries(plan.NodeUpdate)) {
      if (rejected.has(nodeId)) continue;
      nodeUpdate[nodeId] = stops;
      for (const stop of stops) writes.push(this.stoppedRecord(stop));
    }
    for (const [nodeId, allocs] of Object.entries(plan.NodeAllocation)) {
      if (rejected.has(nodeId)) continue;
      nodeAllocation[nodeId] = allocs;
      writes.push(...allocs);
    }
    if (writes.length > 0) this.state.upsertAllocs(writes);
    const partial = rejected.size > 0;
    const result: PlanResult = {
      NodeUpdate: nodeUpdate,
      NodeAllocation: nodeAllocation,
      RejectedNodes: [...rejected],
      RefreshIndex: partial ? this.state.index : 0,
      AllocIndex: this.state.index,
    };
    this.results.push(result);
    return partial ? { result, newState: this.state.snapshot() } : { result };
  }

  /** stoppedRecord merges a plan's stop into the stored allocation (status fields only). */
  private stoppedRecord(stop: Allocation): Allocation {
    const existing = this.state.allocById(stop.ID) ?? stop;
    return {
      ...existing,
      DesiredStatus: stop.DesiredStatus,
      DesiredDescription: stop.DesiredDescription,
      ClientStatus: stop.ClientStatus,
      ClientDescription: stop.ClientDescription,
      ModifyTime: stop.ModifyTime,
    };
  }

  async updateEval(evaluation: Evaluation): Promise<void> {
    this.updatedEvals.push(evaluation);
    this.state.upsertEval(evaluation);
  }

  async createEval(evaluation: Evaluation): Promise<void> {
    this.createdEvals.push(evaluation);
    this.state.upsertEval(evaluation);
  }

  async reblockEval(evaluation: Evaluation): Promise<void> {
    this.reblockedEvals.push(evaluation);
    this.state.upsertEval(evaluation);
  }

  /** lastEval is the last update of the processed evaluation (undefined if none). */
  lastEval(): Evaluation | undefined {
    return this.updatedEvals[this.updatedEvals.length - 1];
  }

  /** liveAllocs: allocations the server still wants running and the client has not finished. */
  liveAllocs(jobId?: string): Allocation[] {
    return this.state.allocs().filter((a) => (jobId === undefined || a.JobID === jobId) && a.DesiredStatus === 'run'
      && a.ClientStatus !== 'complete' && a.ClientStatus !== 'failed' && a.ClientStatus !== 'lost');
  }
}
