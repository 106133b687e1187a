/**
 * planJob: `job plan` — runs the real scheduler for the proposed job on the current state
 * without committing anything, and reports what it would do (Nomad's Job.Plan).
 *
 * The state seen by the scheduler is the live store with the proposed job swapped in as the
 * next version; the planner records the plan instead of submitting it.
 */
import type { AllocMetric, Allocation, Evaluation, Job, PlanAnnotations } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';
import type { SchedulerState } from '../scheduler/contracts.js';
import { schedulerFor } from '../scheduler/factory.js';
import { specChanged } from './jobs.js';
import { newEvalFor } from './evals.js';

/** JobPlanResponse is Nomad's `JobPlanResponse`. */
export interface JobPlanResponse {
  Annotations: PlanAnnotations | null;
  FailedTGAllocs: Record<string, AllocMetric> | null;
  JobModifyIndex: number;
  CreatedEvals: Evaluation[] | null;
  Diff: unknown;
  NextPeriodicLaunch: string | null;
  Warnings: string;
  Index: number;
}

/** withSchedulerUpdates replaces a diff's estimated per-group update counts with what the
 * scheduler actually decided (Nomad fills TaskGroupDiff.Updates from DesiredTGUpdates). */
function withSchedulerUpdates(diff: unknown, annotations: PlanAnnotations): void {
  const groups = (diff as { TaskGroups?: Array<{ Name: string; Updates: Record<string, number> | null }> | null } | null)?.TaskGroups;
  for (const g of groups ?? []) {
    const u = annotations.DesiredTGUpdates[g.Name];
    if (!u) continue;
    const updates: Record<string, number> = {
      ignore: u.Ignore, create: u.Place, destroy: u.Stop, migrate: u.Migrate, canary: u.Canary,
      'in-place update': u.InPlaceUpdate, 'create/destroy update': u.DestructiveUpdate,
    };
    g.Updates = Object.fromEntries(Object.entries(updates).filter(([, n]) => n > 0));
  }
}

/** withProposedJob overlays `job` (as the next version) on the live state. */
function withProposedJob(state: SchedulerState, job: Job): SchedulerState {
  return {
    get index() { return state.index; },
    job: (ns, id) => (ns === job.Namespace && id === job.ID ? job : state.job(ns, id)),
    jobVersion: (ns, id, v) => (ns === job.Namespace && id === job.ID && v === job.Version ? job : state.jobVersion(ns, id, v)),
    node: (id) => state.node(id),
    nodes: () => state.nodes(),
    allocsByJob: (ns, id) => state.allocsByJob(ns, id),
    allocsByNode: (id) => state.allocsByNode(id),
    allocById: (id) => state.allocById(id),
    evalById: (id) => state.evalById(id),
  };
}

/** planJob dry-runs the scheduler; `diff` is computed by the injected differ. */
export async function planJob(core: ServerCore, proposed: Job, differ: (old: Job | undefined, next: Job) => unknown): Promise<JobPlanResponse> {
  const current = core.store.job(proposed.Namespace, proposed.ID);
  const changed = !current || specChanged(current, { ...proposed, Stop: false });
  const job: Job = { ...proposed, Stop: false, Version: current ? (changed ? current.Version + 1 : current.Version) : 0, Status: 'pending', Stable: false, SubmitTime: core.now() };
  const evaluation: Evaluation = { ...newEvalFor(core, job, 'job-register'), AnnotatePlan: true };
  let annotations: PlanAnnotations | null = null;
  let failed: Record<string, AllocMetric> | null = null;
  const created: Evaluation[] = [];
  const state = withProposedJob(core.store, job);
  const isParent = Boolean(job.Periodic?.Enabled) || Boolean(job.ParameterizedJob);
  if (!isParent) {
    await schedulerFor(job.Type)(state, {
      async submitPlan(plan) {
        annotations = plan.Annotations ?? null;
        const placed: Record<string, Allocation[]> = plan.NodeAllocation;
        return { result: { NodeUpdate: plan.NodeUpdate, NodeAllocation: placed, RejectedNodes: [], RefreshIndex: 0, AllocIndex: state.index } };
      },
      async updateEval(e) {
        if (e.FailedTGAllocs && Object.keys(e.FailedTGAllocs).length > 0) failed = e.FailedTGAllocs;
      },
      async createEval(e) { created.push(e); },
      async reblockEval(e) { created.push(e); },
    }, { now: () => core.now(), newId: () => core.newId() }).process(evaluation);
  }
  const diff = differ(current, job);
  if (annotations) withSchedulerUpdates(diff, annotations);
  return {
    Annotations: annotations,
    FailedTGAllocs: failed,
    JobModifyIndex: current?.JobModifyIndex ?? 0,
    CreatedEvals: created.length ? created : null,
    Diff: diff,
    NextPeriodicLaunch: null,
    Warnings: '',
    Index: core.store.index,
  };
}
