/**
 * The contract between the generic scheduler (reconcile -> place) and the placement stack
 * (feasibility -> rank -> limit -> select), implemented in stack.ts.
 *
 * A stack is created once per evaluation (per plan attempt) and asked for one node per
 * allocation to place. It accounts for what the plan already proposes (earlier placements and
 * stops in the same plan), so 200 placements of one group never overcommit a node on paper.
 */
import type { AllocMetric, AllocatedResources, Allocation, Job, Node, TaskGroup } from '../../api/structs/index.js';
import type { SchedulerState } from './contracts.js';

/** PlanView is the part of the plan-in-progress the stack must see. */
export interface PlanView {
  /** Allocations the plan places or updates, by node. */
  readonly nodeAllocation: ReadonlyMap<string, readonly Allocation[]>;
  /** Allocations the plan stops, by node. */
  readonly nodeUpdate: ReadonlyMap<string, readonly Allocation[]>;
}

/** PlacementRequest asks for one node for one allocation of `taskGroup`. */
export interface PlacementRequest {
  taskGroup: TaskGroup;
  /** Nodes to score down (a rescheduled allocation's previous nodes). */
  penaltyNodeIds?: ReadonlySet<string>;
  /** Prefer this node when it is feasible (sticky ephemeral disk, in-place on same node). */
  preferredNodeId?: string;
}

/** PlacementOutcome: a node and the resources granted on it (ports assigned), or only the
 * metric explaining why no node fit. */
export type PlacementOutcome =
  | { readonly placed: true; readonly node: Node; readonly resources: AllocatedResources; readonly metric: AllocMetric }
  | { readonly placed: false; readonly metric: AllocMetric };

/** PlacementStackOptions configure one stack. */
export interface PlacementStackOptions {
  state: SchedulerState;
  plan: PlanView;
  job: Job;
  /** Batch jobs use a limit of 2 (power of two choices); service log2(N). */
  batch: boolean;
  /** Shuffle seed: derived from the eval ID and the snapshot index. */
  evalId: string;
  snapshotIndex: number;
  /** Candidate nodes (already filtered to ready+eligible nodes in the job's datacenters/pool);
   * defaults to every ready, eligible node of the job's datacenters and node pool. */
  nodes?: readonly Node[];
  /** 'binpack' (default) or 'spread' (scheduler configuration). */
  algorithm?: 'binpack' | 'spread';
}

/** PlacementStack selects nodes. `select` must be called in placement order; the caller adds
 * each placed allocation to the PlanView before the next call. */
export interface PlacementStack {
  select(req: PlacementRequest): PlacementOutcome;
}
