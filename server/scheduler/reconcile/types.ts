/**
 * Inputs and results of the reconciler: the pure diff between a job's desired state and its
 * allocations (reference §2.2). The generic scheduler turns a ReconcileResult into a plan.
 */
import type { AllocClientStatus, Allocation, DesiredUpdates, Evaluation, Job, Node, TaskGroup } from '../../../api/structs/index.js';

/** NodeTaint says why a node's allocations need attention: `down`/`disconnected`/`missing`
 * (garbage-collected) nodes lose their allocations; `draining` nodes migrate the ones the
 * drainer marked. */
export type NodeTaint = 'down' | 'disconnected' | 'draining' | 'missing';

/** ReconcileInput is everything the reconciler looks at. It never reads state by itself. */
export interface ReconcileInput {
  readonly namespace: string;
  readonly jobId: string;
  /** The job's latest version; undefined when the job was purged. `Stop: true` stops it all. */
  readonly job: Job | undefined;
  /** Looks up a stored job version (to compare an allocation's version with the latest). */
  readonly jobVersion: (version: number) => Job | undefined;
  /** Every allocation of the job: every status, every version. */
  readonly existingAllocs: readonly Allocation[];
  /** Tainted nodes among the nodes hosting `existingAllocs`; absent means healthy. */
  readonly taintedNodes: ReadonlyMap<string, NodeTaint>;
  /** Datacenter and pool of a (non-missing) node, to replace allocations the job moved away from. */
  readonly nodeOf?: (nodeId: string) => Pick<Node, 'Datacenter' | 'NodePool'> | undefined;
  /** Unix nanoseconds. */
  readonly now: number;
  /** The evaluation being processed (follow-up evals point back to it). */
  readonly evalId: string;
  /** Batch semantics: successfully completed allocations are done, not replaced. */
  readonly batch: boolean;
  /** ID source for follow-up evaluations (injected so results are deterministic). */
  readonly newId: () => string;
}

/** PlacementKind says why an allocation is placed. */
export type PlacementKind =
  /** A missing copy (new job, count increase, replaced completed service allocation). */
  | 'new'
  /** A failed allocation rescheduled now; its previous node is penalised. */
  | 'reschedule'
  /** A replacement for an allocation lost with its node (no reschedule attempt consumed). */
  | 'lost'
  /** A replacement for an allocation migrated off a draining node. */
  | 'migration';

/** PlaceResult asks the scheduler to place one allocation. */
export interface PlaceResult {
  readonly kind: PlacementKind;
  /** `<job>.<group>[<index>]`. */
  readonly name: string;
  /** The `<index>` of `name`. */
  readonly nameIndex: number;
  readonly taskGroup: TaskGroup;
  /** The allocation this one replaces (reschedule, lost, migration). */
  readonly previousAlloc?: Allocation;
  /** Nodes to score down: the failed allocation's node and the nodes of its earlier reschedules. */
  readonly penaltyNodeIds: ReadonlySet<string>;
}

/** StopResult asks the scheduler to stop one allocation. */
export interface StopResult {
  readonly alloc: Allocation;
  /** DesiredDescription written on the stopped allocation. */
  readonly description: string;
  /** Set when the server decides the client status (allocations lost with their node). */
  readonly clientStatus?: Extract<AllocClientStatus, 'lost'>;
}

/** DestructiveUpdate replaces `alloc` by a new allocation of the latest job version with the
 * same name: the old one is stopped in the same plan, so its resources are free for the new one. */
export interface DestructiveUpdate {
  readonly alloc: Allocation;
  readonly name: string;
  readonly taskGroup: TaskGroup;
}

/** AttributeUpdate changes non-spec fields of an allocation (the follow-up eval of a delayed
 * reschedule). */
export interface AttributeUpdate {
  readonly alloc: Allocation;
  readonly followupEvalId: string;
}

/** DiffResult is what both reconcilers decide (the cluster one for service and batch jobs, the
 * node one for system jobs), over their own placement and destructive-update shapes. Nothing in
 * it has been applied yet. */
export interface DiffResult<Place, Destructive> {
  /** Allocations to place: new copies, reschedules, lost and migration replacements. */
  readonly place: readonly Place[];
  /** Allocations to stop (scale down, job stopped, lost, migrated, extra, group removed). */
  readonly stop: readonly StopResult[];
  /** Allocations moved to the latest job version on their current node (same ID). */
  readonly inplaceUpdate: readonly Allocation[];
  /** Allocations replaced by a new allocation of the latest job version. */
  readonly destructiveUpdate: readonly Destructive[];
  /** Per group counters of the decisions above (shown by `job plan`). */
  readonly desiredTGUpdates: Readonly<Record<string, DesiredUpdates>>;
}

/** ReconcileResult is the generic schedulers' full diff. */
export interface ReconcileResult extends DiffResult<PlaceResult, DestructiveUpdate> {
  /** Allocations whose FollowupEvalID is set to a delayed-reschedule evaluation. */
  readonly attributeUpdates: readonly AttributeUpdate[];
  /** Delayed-reschedule evaluations (status pending, `WaitUntil` set) to create. */
  readonly followupEvals: readonly Evaluation[];
}

/** StopDescriptions are the DesiredDescription texts Nomad writes on stopped allocations. */
export const StopDescriptions = {
  notNeeded: 'alloc not needed due to job update',
  jobStopped: 'alloc not needed as job is stopped',
  lost: 'alloc is lost since its node is down',
  updating: 'alloc is being updated due to job update',
  migrating: 'alloc is being migrated',
  rescheduled: 'alloc was rescheduled because it failed',
  groupRemoved: 'alloc not needed as task group was removed',
} as const;

/** emptyDesiredUpdates returns zeroed counters. */
export function emptyDesiredUpdates(): DesiredUpdates {
  return { Ignore: 0, Place: 0, Migrate: 0, Stop: 0, InPlaceUpdate: 0, DestructiveUpdate: 0, Canary: 0, Preemptions: 0 };
}
