/**
 * Per-node committed usage for the plan applier, maintained incrementally.
 *
 * The applier verifies every node a plan touches; at C1M scale (1000 plans x 1000 allocs over
 * 1000 nodes) re-summing a busy node's allocations for every plan dominates. The store returns
 * a node's allocations as a shared array that is replaced when the node's set changes, and
 * new allocations are appended (insertion order). So a node's summary is kept with the exact
 * allocation records it has folded in: when the state's list starts with those same records,
 * only the appended ones are folded in; any other change (an update in place, a removal)
 * rebuilds the summary. Correctness never depends on the cache hitting: a miss recomputes.
 *
 * The summing and port rules are those of server/scheduler/fit.ts and ports.ts (shared helpers),
 * so the applier and the placement stack agree on what "fits" means.
 */
import type { Allocation, Node } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import { comparableResources } from '../scheduler/fit.js';
import { allocPortKeys, nodeHostIp } from '../scheduler/ports.js';

/** NodeBaseUsage sums the live (non-terminal) allocations of a node in the state. */
export class NodeBaseUsage {
  cpu = 0;
  memoryMB = 0;
  diskMB = 0;
  /** live: live allocations by ID. */
  readonly live = new Map<string, Allocation>();
  /** ports: `ip|port` key -> number of live allocations binding it. */
  readonly ports = new Map<string, number>();
  /** portKeysOf: live alloc ID -> its port keys (to subtract on replacement). */
  readonly portKeysOf = new Map<string, readonly string[]>();
  /** crowdedKeys: keys bound more than once among live allocations (normally empty). */
  readonly crowdedKeys = new Set<string>();
  private readonly seen: Allocation[] = [];
  private lastList: readonly Allocation[] | undefined;

  constructor(readonly hostIp: string) {}

  /** syncWith folds in `list` (the state's allocations of the node); false when `list` does
   * not extend what was folded in (the caller then rebuilds). */
  syncWith(list: readonly Allocation[]): boolean {
    if (list === this.lastList) return true;
    if (list.length < this.seen.length) return false;
    for (let i = 0; i < this.seen.length; i++) if (list[i] !== this.seen[i]) return false;
    for (let i = this.seen.length; i < list.length; i++) this.foldIn(list[i] as Allocation);
    this.lastList = list;
    return true;
  }

  private foldIn(alloc: Allocation): void {
    this.seen.push(alloc);
    if (isTerminal(alloc)) return;
    // A second live record with the same ID cannot come from a consistent store; treat the
    // later one as the current version.
    if (this.live.has(alloc.ID)) this.subtract(alloc.ID);
    this.live.set(alloc.ID, alloc);
    const c = comparableResources(alloc.AllocatedResources);
    this.cpu += c.cpu;
    this.memoryMB += c.memoryMB;
    this.diskMB += c.diskMB;
    const keys = allocPortKeys(alloc.AllocatedResources, this.hostIp);
    this.portKeysOf.set(alloc.ID, keys);
    for (const key of keys) {
      const n = (this.ports.get(key) ?? 0) + 1;
      this.ports.set(key, n);
      if (n > 1) this.crowdedKeys.add(key);
    }
  }

  private subtract(id: string): void {
    const prev = this.live.get(id);
    if (prev === undefined) return;
    this.live.delete(id);
    const c = comparableResources(prev.AllocatedResources);
    this.cpu -= c.cpu;
    this.memoryMB -= c.memoryMB;
    this.diskMB -= c.diskMB;
    for (const key of this.portKeysOf.get(id) ?? []) {
      const n = (this.ports.get(key) ?? 0) - 1;
      if (n <= 0) this.ports.delete(key);
      else this.ports.set(key, n);
      if (n <= 1) this.crowdedKeys.delete(key);
    }
    this.portKeysOf.delete(id);
  }
}

/** BaseUsageCache holds one NodeBaseUsage per node for one plan applier. */
export class BaseUsageCache {
  private readonly byNode = new Map<string, NodeBaseUsage>();

  /** usageFor returns the node's summary, up to date with `list` (its state allocations). */
  usageFor(node: Node, list: readonly Allocation[]): NodeBaseUsage {
    let usage = this.byNode.get(node.ID);
    const hostIp = nodeHostIp(node);
    if (usage === undefined || usage.hostIp !== hostIp || !usage.syncWith(list)) {
      usage = new NodeBaseUsage(hostIp);
      usage.syncWith(list);
      this.byNode.set(node.ID, usage);
    }
    return usage;
  }

  /** forget drops a node's summary (node deleted). */
  forget(nodeId: string): void {
    this.byNode.delete(nodeId);
  }

  /** size is the number of nodes cached. */
  get size(): number {
    return this.byNode.size;
  }
}
