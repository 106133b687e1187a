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
 *
 * Besides resources, a tracker counts the allocations of *its* job per node and per group
 * (distinct_hosts, job anti-affinity), from the job's allocation list rather than per node.
 */
import type { Allocation, Node } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import type { SchedulerState } from './contracts.js';
import type { NodeCapacity } from './fit.js';
import { nodeCapacity } from './fit.js';
import type { PlanView } from './placement.js';
import { allocDeviceIds, allocPortKeys, nodeHostIp } from './ports.js';

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
  /** deviceInUse tells whether a device instance is granted to a proposed allocation. */
  deviceInUse(instanceId: string): boolean;
  /** Proposed allocations of the tracker's job on this node (distinct_hosts, job level). */
  jobAllocCount(): number;
  /** Proposed allocations of one group of the tracker's job on this node (anti-affinity). */
  groupAllocCount(group: string): number;
}

/** TrackedJob identifies the job whose allocations a tracker counts per node. */
export interface TrackedJob {
  readonly Namespace: string;
  readonly ID: string;
}

/** Resources is a mutable cpu/memory/disk/count sum with reference-counted ports (the port map
 * is created on first use: most allocations hold no port). */
class Resources {
  cpu = 0;
  memoryMB = 0;
  diskMB = 0;
  allocCount = 0;
  private ports: Map<string, number> | undefined;
  private devices: Map<string, number> | undefined;

  apply(alloc: Allocation, hostIp: string, sign: 1 | -1): void {
    // One pass over the tasks for cpu/memory and to learn whether ports/devices need a look
    // (this runs for every allocation folded in, so it avoids the generic helpers' extra scans).
    const r = alloc.AllocatedResources;
    let cpu = 0;
    let memoryMB = 0;
    let taskNetworks = false;
    let devices = false;
    for (const name in r.Tasks) {
      const task = r.Tasks[name];
      if (task === undefined) continue;
      cpu += task.Cpu.CpuShares;
      memoryMB += task.Memory.MemoryMB;
      if (task.Networks !== undefined && task.Networks.length > 0) taskNetworks = true;
      if (task.Devices !== undefined && task.Devices.length > 0) devices = true;
    }
    this.cpu += sign * cpu;
    this.memoryMB += sign * memoryMB;
    this.diskMB += sign * r.Shared.DiskMB;
    this.allocCount += sign;
    if (taskNetworks || (r.Shared.Ports?.length ?? 0) > 0 || (r.Shared.Networks?.length ?? 0) > 0) {
      for (const key of allocPortKeys(r, hostIp)) bump((this.ports ??= new Map()), key, sign);
    }
    if (devices) for (const id of allocDeviceIds(r)) bump((this.devices ??= new Map()), id, sign);
  }

  deviceCount(id: string): number {
    return this.devices?.get(id) ?? 0;
  }

  portCount(key: string): number {
    return this.ports?.get(key) ?? 0;
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** GroupTally counts allocations of one job on one node, in total and per group. */
class GroupTally {
  total = 0;
  readonly byGroup = new Map<string, number>();
  add(group: string, by: number): void {
    this.total += by;
    this.byGroup.set(group, (this.byGroup.get(group) ?? 0) + by);
  }
  group(group: string): number {
    return this.byGroup.get(group) ?? 0;
  }
}

/** BaseUsage is a node's committed usage: the live (non-terminal) allocations of the list the
 * state returned, remembered by reference so a later list that only appends can be folded in
 * incrementally. */
class BaseUsage {
  readonly resources = new Resources();
  private readonly seen: Allocation[] = [];
  private byId: Map<string, Allocation> | undefined;
  private lastList: readonly Allocation[] | undefined;
  readonly hostIp: string;
  readonly capacity: NodeCapacity;
  constructor(node: Node) {
    this.hostIp = nodeHostIp(node);
    this.capacity = nodeCapacity(node);
  }

  /** extends: `list` starts with exactly the allocation records already folded in. */
  extends(list: readonly Allocation[]): boolean {
    // The same list object at the same length was verified before (stores hand out cached,
    // immutable lists; a changed list is a new array).
    if (list === this.lastList && list.length === this.seen.length) return true;
    if (list.length < this.seen.length) return false;
    for (let i = 0; i < this.seen.length; i++) if (list[i] !== this.seen[i]) return false;
    return true;
  }

  /** foldIn adds the allocations of `list` past the ones already seen. */
  foldIn(list: readonly Allocation[]): void {
    this.lastList = list;
    for (let i = this.seen.length; i < list.length; i++) {
      const a = list[i] as Allocation;
      this.seen.push(a);
      if (isTerminal(a)) continue;
      this.resources.apply(a, this.hostIp, 1);
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

const NO_ALLOCS = new GroupTally();

/** ProposedUsage is base usage plus the plan's delta for one node. */
class ProposedUsage implements NodeUsage {
  private readonly delta = new Resources();
  private jobDelta: GroupTally | undefined;
  private removed: Set<string> | undefined;
  seenPlaced: readonly Allocation[] | undefined;
  seenPlacedLen = 0;
  seenStopped: readonly Allocation[] | undefined;
  seenStoppedLen = 0;

  constructor(private readonly base: BaseUsage, private readonly committedJob: GroupTally, private readonly job: TrackedJob) {}

  get capacity(): NodeCapacity { return this.base.capacity; }
  get cpu(): number { return this.base.resources.cpu + this.delta.cpu; }
  get memoryMB(): number { return this.base.resources.memoryMB + this.delta.memoryMB; }
  get diskMB(): number { return this.base.resources.diskMB + this.delta.diskMB; }
  get allocCount(): number { return this.base.resources.allocCount + this.delta.allocCount; }
  portInUse(key: string): boolean {
    return this.base.resources.portCount(key) + this.delta.portCount(key) > 0;
  }
  deviceInUse(instanceId: string): boolean {
    return this.base.resources.deviceCount(instanceId) + this.delta.deviceCount(instanceId) > 0;
  }
  jobAllocCount(): number {
    return this.committedJob.total + (this.jobDelta?.total ?? 0);
  }
  groupAllocCount(group: string): number {
    return this.committedJob.group(group) + (this.jobDelta?.group(group) ?? 0);
  }

  private applyDelta(alloc: Allocation, sign: 1 | -1): void {
    this.delta.apply(alloc, this.base.hostIp, sign);
    if (alloc.JobID === this.job.ID && alloc.Namespace === this.job.Namespace) (this.jobDelta ??= new GroupTally()).add(alloc.TaskGroup, sign);
  }

  /** Removes the committed version of an allocation the plan stops or replaces. */
  removeCommitted(id: string): void {
    if (this.removed?.has(id) === true) return;
    const committed = this.base.find(id);
    if (committed === undefined) return;
    (this.removed ??= new Set()).add(id);
    this.applyDelta(committed, -1);
  }
  place(alloc: Allocation): void {
    this.removeCommitted(alloc.ID);
    if (!isTerminal(alloc)) this.applyDelta(alloc, 1);
  }
}

/** NodeUsageTracker answers "what does this node use if the plan commits?" for one stack. */
export class NodeUsageTracker {
  private readonly byNode = new Map<string, ProposedUsage>();
  private readonly bySlot: Array<ProposedUsage | undefined> = [];
  private committedJob: Map<string, GroupTally> | undefined;

  /** `job` is the job whose allocations jobAllocCount/groupAllocCount count. */
  constructor(private readonly state: SchedulerState, private readonly plan: PlanView, private readonly job: TrackedJob) {}

  /** The job's live committed allocations per node, from its allocation list (built once). */
  private committedJobOn(nodeId: string): GroupTally {
    if (this.committedJob === undefined) {
      this.committedJob = new Map();
      for (const a of this.state.allocsByJob(this.job.Namespace, this.job.ID)) {
        if (isTerminal(a)) continue;
        let tally = this.committedJob.get(a.NodeID);
        if (tally === undefined) this.committedJob.set(a.NodeID, (tally = new GroupTally()));
        tally.add(a.TaskGroup, 1);
      }
    }
    return this.committedJob.size === 0 ? NO_ALLOCS : this.committedJob.get(nodeId) ?? NO_ALLOCS;
  }

  /**
   * usage returns the node's proposed usage, brought up to date with the plan. `slot` is an
   * optional small integer naming the node (the stack's candidate index): it replaces the
   * by-ID lookup on the hot path. A slot must always be used for the same node.
   */
  usage(node: Node, slot?: number): NodeUsage {
    let u = slot === undefined ? this.byNode.get(node.ID) : this.bySlot[slot];
    const placed = this.plan.nodeAllocation.size === 0 ? undefined : this.plan.nodeAllocation.get(node.ID);
    const stopped = this.plan.nodeUpdate.size === 0 ? undefined : this.plan.nodeUpdate.get(node.ID);
    const stale = u !== undefined && (
      (u.seenPlaced !== undefined && (placed !== u.seenPlaced || placed.length < u.seenPlacedLen)) ||
      (u.seenStopped !== undefined && (stopped !== u.seenStopped || stopped.length < u.seenStoppedLen)));
    if (u === undefined || stale) {
      u = new ProposedUsage(baseUsageFor(this.state, node), this.committedJobOn(node.ID), this.job);
      if (slot === undefined) this.byNode.set(node.ID, u);
      else this.bySlot[slot] = u;
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
