/**
 * PropertySet counts a job's allocations per value of a node property (`${meta.rack}`,
 * `${node.datacenter}`, ...): committed live allocations, minus those the plan stops or
 * replaces, plus the plan's placements. Used by distinct_property and spread.
 *
 * Counts are recomputed at most once per `select` (per context epoch), in time linear in the
 * job's allocations: the limit for groups with spreads is already max(count, 100).
 */
import type { Allocation, Node } from '../../../api/structs/index.js';
import { isTerminal } from '../../../api/structs/index.js';
import type { CheckContext } from './contracts.js';
import { resolveTarget } from './target.js';

/** PropertySet is one attribute's value counts for a job (optionally one of its groups). */
export class PropertySet {
  private epoch = -1;
  private counts = new Map<string, number>();
  private readonly nodeValues = new Map<string, string | undefined>();

  /**
   * @param ctx the stack's context (state, plan, job)
   * @param target the property, e.g. `${meta.rack}`
   * @param group when set, only allocations of this task group count
   */
  constructor(private readonly ctx: CheckContext, readonly target: string, private readonly group: string | undefined) {}

  /** valueOf resolves the property on a node (undefined when the node lacks it). */
  valueOf(node: Node): string | undefined {
    const r = resolveTarget(this.target, node);
    return r.found ? r.value : undefined;
  }

  /** usedCounts returns value -> allocation count, with zero counts removed. */
  usedCounts(): ReadonlyMap<string, number> {
    const epoch = this.ctx.epoch();
    if (epoch !== this.epoch) {
      this.counts = this.compute();
      this.epoch = epoch;
    }
    return this.counts;
  }

  /** usedCount for the node's value of the property. */
  usedCount(node: Node): { readonly value: string | undefined; readonly count: number } {
    const value = this.valueOf(node);
    return { value, count: value === undefined ? 0 : this.usedCounts().get(value) ?? 0 };
  }

  private countsFor(alloc: Allocation): boolean {
    const job = this.ctx.job;
    return alloc.JobID === job.ID && alloc.Namespace === job.Namespace && (this.group === undefined || alloc.TaskGroup === this.group);
  }

  private nodeValue(nodeId: string): string | undefined {
    if (this.nodeValues.has(nodeId)) return this.nodeValues.get(nodeId);
    const node = this.ctx.state.node(nodeId);
    const value = node === undefined ? undefined : this.valueOf(node);
    this.nodeValues.set(nodeId, value);
    return value;
  }

  private compute(): Map<string, number> {
    const byAlloc = new Map<string, string>();
    const { state, plan, job } = this.ctx;
    for (const a of state.allocsByJob(job.Namespace, job.ID)) {
      if (isTerminal(a) || !this.countsFor(a)) continue;
      const v = this.nodeValue(a.NodeID);
      if (v !== undefined) byAlloc.set(a.ID, v);
    }
    for (const stops of plan.nodeUpdate.values()) for (const a of stops) byAlloc.delete(a.ID);
    for (const [nodeId, placed] of plan.nodeAllocation) {
      const v = this.nodeValue(nodeId);
      for (const a of placed) {
        if (!this.countsFor(a)) continue;
        byAlloc.delete(a.ID);
        if (v !== undefined && !isTerminal(a)) byAlloc.set(a.ID, v);
      }
    }
    const counts = new Map<string, number>();
    for (const v of byAlloc.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  }
}
