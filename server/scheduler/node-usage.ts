/**
 * Incremental per-node usage: what a node has committed (state) adjusted by the plan in
 * progress (minus its stops and in-place replacements, plus its placements).
 *
 * This is the placement hot path. Two caches keep it cheap:
 *  - the *base* usage of a node (its live allocations in the state) is kept per node record
 *    and extended incrementally when a later snapshot's list only appends allocations, so
 *    successive evaluations do not re-sum a busy node's allocations;
 *  - the *plan* adjustment is applied incrementally: the tracker remembers how much of each
 *    node's plan arrays it has already folded in and only applies what was appended since.
 * If a plan array is replaced or shrinks, that node is rebuilt from its base.
 */
import type { Allocation, Node } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import type { SchedulerState } from './contracts.js';
import type { NodeCapacity } from './fit.js';
import { comparableResources, nodeCapacity } from './fit.js';
import type { PlanView } from './placement.js';
import { allocPortKeys, nodeHostIp } from './ports.js';

/** NodeUsage is the read side of one node's proposed usage. */
export interface NodeUsage {
  /** What the node offers (resources minus reserved). */
  readonly capacity: NodeCapacity;
  readonly cpu: number;
  readonly memoryMB: number;
  readonly diskMB: number;
  /** Live allocations proposed on the node (for max-allocs). */
  readonly allocCount: number;
  /** portInUse tells whether `ip|port` (see ports.portKey) is bound by a proposed allocation. */
  portInUse(key: string): boolean;
  /** Proposed allocations of a job on this node (distinct_hosts at job level); key from jobCountKey. */
  jobAllocCount(jobKey: string): number;
  /** Proposed allocations of a job's group on this node (anti-affinity, distinct_hosts); key
   * from groupCountKey. */
  groupAllocCount(groupKey: string): number;
}

/** jobCountKey is the key of a job's per-node allocation count (build once, query often). */
export function jobCountKey(namespace: string, jobId: string): string {
  return `${namespace}\u0000${jobId}`;
}

/** groupCountKey is the key of a job group's per-node allocation count. */
export function groupCountKey(namespace: string, jobId: string, group: string): string {
  return `${namespace}\u0000${jobId}\u0000${group}`;
}

/** Counters is a mutable usage sum with reference-counted ports and job/group counts. The
 * maps are created on first use: a stack creates one delta per node it looks at. */
class Counters {
  cpu = 0;
  memoryMB = 0;
  diskMB = 0;
  allocCount = 0;
  private ports: Map<string, number> | undefined;
  private jobs: Map<string, number> | undefined;
  private groups: Map<string, number> | undefined;

  apply(alloc: Allocation, hostIp: string, sign: 1 | -1): void {
    const c = comparableResources(alloc.AllocatedResources);
    this.cpu += sign * c.cpu;
    this.memoryMB += sign * c.memoryMB;
    this.diskMB += sign * c.diskMB;
    this.allocCount += sign;
    for (const key of allocPortKeys(alloc.AllocatedResources, hostIp)) bump((this.ports ??= new Map()), key, sign);
    bump((this.jobs ??= new Map()), jobCountKey(alloc.Namespace, alloc.JobID), sign);
    bump((this.groups ??= new Map()), groupCountKey(alloc.Namespace, alloc.JobID, alloc.TaskGroup), sign);
  }

  portCount(key: string): number { return this.ports?.get(key) ?? 0; }
  jobCount(key: string): number { return this.jobs?.get(key) ?? 0; }
  groupCount(key: string): number { return this.groups?.get(key) ?? 0; }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** BaseUsage is a node's committed usage: the live (non-terminal) allocations of the list the
 * state returned, remembered by reference so a later list that only appends can be folded in
 * incrementally. */
class BaseUsage {
  readonly counters = new Counters();
  private readonly seen: Allocation[] = [];
  private byId: Map<string, Allocation> | undefined;
  readonly hostIp: string;
  readonly capacity: NodeCapacity;
  constructor(node: Node) {
    this.hostIp = nodeHostIp(node);
    this.capacity = nodeCapacity(node);
  }

  /** extends: `list` starts with exactly the allocation records already folded in. */
  extends(list: readonly Allocation[]): boolean {
    if (list.length < this.seen.length) return false;
    for (let i = 0; i < this.seen.length; i++) if (list[i] !== this.seen[i]) return false;
    return true;
  }

  /** foldIn adds the allocations of `list` past the ones already seen. */
  foldIn(list: readonly Allocation[]): void {
    for (let i = this.seen.length; i < list.length; i++) {
      const a = list[i] as Allocation;
      this.seen.push(a);
      if (isTerminal(a)) continue;
      this.counters.apply(a, this.hostIp, 1);
      this.byId?.set(a.ID, a);
    }
  }

  /** find returns a live committed allocation by ID (index built on first use: most nodes
   * never see a plan stop or in-place update). */
  find(id: string): Allocation | undefined {
    if (this.byId === undefined) {
      this.byId = new Map();
      for (const a of this.seen) if (!isTerminal(a)) this.byId.set(a.ID, a);
    }
    return this.byId.get(id);
  }
}

// Keyed by the node record (records are immutable and shared by snapshots); an entry is valid
// for a state whose allocation list for the node begins with the same allocation records.
// Allocation records are never mutated (SchedulerState contract): an update is a new record,
// which breaks the prefix and rebuilds the entry. Lists only grow within an entry, so if stacks
// of two snapshots interleave, the older one can only see *more* committed usage (conservative;
// the plan applier re-verifies every node anyway).
const baseCache = new WeakMap<Node, BaseUsage>();

function baseUsageFor(state: SchedulerState, node: Node): BaseUsage {
  const list = state.allocsByNode(node.ID);
  let base = baseCache.get(node);
  if (base === undefined || !base.extends(list)) {
    base = new BaseUsage(node);
    baseCache.set(node, base);
  }
  base.foldIn(list);
  return base;
}

/** ProposedUsage is base usage plus the plan's delta for one node. */
class ProposedUsage implements NodeUsage {
  private readonly delta = new Counters();
  private removed: Set<string> | undefined;
  private lastGroupKey: string | undefined;
  private lastGroupBase = 0;
  seenPlaced: readonly Allocation[] | undefined;
  seenPlacedLen = 0;
  seenStopped: readonly Allocation[] | undefined;
  seenStoppedLen = 0;

  constructor(private readonly base: BaseUsage) {}

  get capacity(): NodeCapacity { return this.base.capacity; }
  get cpu(): number { return this.base.counters.cpu + this.delta.cpu; }
  get memoryMB(): number { return this.base.counters.memoryMB + this.delta.memoryMB; }
  get diskMB(): number { return this.base.counters.diskMB + this.delta.diskMB; }
  get allocCount(): number { return this.base.counters.allocCount + this.delta.allocCount; }
  portInUse(key: string): boolean {
    return this.base.counters.portCount(key) + this.delta.portCount(key) > 0;
  }
  jobAllocCount(k: string): number {
    return this.base.counters.jobCount(k) + this.delta.jobCount(k);
  }
  groupAllocCount(k: string): number {
    // A stack asks about its own group on every ranking of the node: remember the base count.
    if (k !== this.lastGroupKey) {
      this.lastGroupKey = k;
      this.lastGroupBase = this.base.counters.groupCount(k);
    }
    return this.lastGroupBase + this.delta.groupCount(k);
  }

  /** Removes the committed version of an allocation the plan stops or replaces. */
  removeCommitted(id: string): void {
    if (this.removed?.has(id) === true) return;
    const committed = this.base.find(id);
    if (committed === undefined) return;
    (this.removed ??= new Set()).add(id);
    this.delta.apply(committed, this.base.hostIp, -1);
  }
  place(alloc: Allocation): void {
    this.removeCommitted(alloc.ID);
    if (!isTerminal(alloc)) this.delta.apply(alloc, this.base.hostIp, 1);
  }
}

/** NodeUsageTracker answers "what does this node use if the plan commits?" for one stack. */
export class NodeUsageTracker {
  private readonly byNode = new Map<string, ProposedUsage>();
  constructor(private readonly state: SchedulerState, private readonly plan: PlanView) {}

  /** usage returns the node's proposed usage, brought up to date with the plan. */
  usage(node: Node): NodeUsage {
    let u = this.byNode.get(node.ID);
    const placed = this.plan.nodeAllocation.get(node.ID);
    const stopped = this.plan.nodeUpdate.get(node.ID);
    const stale = u !== undefined && (
      (u.seenPlaced !== undefined && (placed !== u.seenPlaced || placed.length < u.seenPlacedLen)) ||
      (u.seenStopped !== undefined && (stopped !== u.seenStopped || stopped.length < u.seenStoppedLen)));
    if (u === undefined || stale) {
      u = new ProposedUsage(baseUsageFor(this.state, node));
      this.byNode.set(node.ID, u);
    }
    if (stopped !== undefined && (u.seenStopped !== stopped || u.seenStoppedLen < stopped.length)) {
      for (let i = u.seenStoppedLen; i < stopped.length; i++) u.removeCommitted((stopped[i] as Allocation).ID);
      u.seenStopped = stopped;
      u.seenStoppedLen = stopped.length;
    }
    if (placed !== undefined && (u.seenPlaced !== placed || u.seenPlacedLen < placed.length)) {
      for (let i = u.seenPlacedLen; i < placed.length; i++) u.place(placed[i] as Allocation);
      u.seenPlaced = placed;
      u.seenPlacedLen = placed.length;
    }
    return u;
  }
}
