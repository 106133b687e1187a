/**
 * Per computed-class memo of feasibility verdicts: the main speed lever of the stack.
 *
 * Checks whose inputs are all part of a node's ComputedClass (attributes, meta, drivers,
 * datacenter, class, pool) give the same verdict for every node of that class, so the first
 * node of a class decides for all of them. The memo is kept per "scope key": one for the job's
 * own constraints (shared by every group) and one per task group. It also yields the class
 * eligibility map a blocked evaluation stores (which classes could ever run the job).
 *
 * A memo entry also counts the nodes it rejected during the current `select`, so the stack's
 * hot loop can skip a node of an ineligible class with one map lookup and one increment and
 * still report exact per-class and per-constraint filter counts (see flushFiltered).
 */
import type { Node } from '../../../api/structs/index.js';
import type { FilterResult, PreparedCheck } from './contracts.js';
import { FEASIBLE } from './contracts.js';

/** ClassVerdict is one memo entry: the class's verdict and its rejections not yet reported. */
export interface ClassVerdict {
  readonly result: FilterResult;
  /** The NodeClass of the nodes of this computed class (AllocMetric.ClassFiltered key). */
  readonly nodeClass: string;
  /** Nodes rejected by this memo entry since the last flush. */
  pendingFiltered: number;
}

/** ClassMemo maps computed class -> verdict for one scope. */
export type ClassMemo = Map<string, ClassVerdict>;

/** ClassVerdictCache memoizes class-scoped verdicts per scope key and computed class. */
export class ClassVerdictCache {
  private readonly byScope = new Map<string, ClassMemo>();
  private escaped = false;

  /** memoFor returns the memo of a scope key (created on first use). */
  memoFor(scopeKey: string): ClassMemo {
    let memo = this.byScope.get(scopeKey);
    if (memo === undefined) {
      memo = new Map();
      this.byScope.set(scopeKey, memo);
    }
    return memo;
  }

  /**
   * verdictIn runs `checks` (all class-scoped) on `node`, or returns the memoized verdict of
   * the node's computed class. Nodes without a computed class are never memoized.
   */
  verdictIn(memo: ClassMemo, node: Node, checks: readonly PreparedCheck[]): FilterResult {
    const cls = node.ComputedClass;
    if (cls !== '') {
      const cached = memo.get(cls);
      if (cached !== undefined) return cached.result;
    }
    let result: FilterResult = FEASIBLE;
    for (const c of checks) {
      result = c.run(node);
      if (!result.ok) break;
    }
    if (cls !== '') memo.set(cls, { result, nodeClass: node.NodeClass, pendingFiltered: 0 });
    return result;
  }

  /** flushFiltered reports (and clears) the rejections counted on memo entries. */
  flushFiltered(report: (nodeClass: string, reason: string, count: number) => void): void {
    for (const memo of this.byScope.values()) {
      for (const v of memo.values()) {
        if (v.pendingFiltered === 0 || v.result.ok) continue;
        report(v.nodeClass, v.result.reason, v.pendingFiltered);
        v.pendingFiltered = 0;
      }
    }
  }

  /** markEscaped records that some verdicts were per node (the class map is then incomplete). */
  markEscaped(): void {
    this.escaped = true;
  }

  /** hasEscaped: a constraint read unique node fields, so class eligibility is not conclusive. */
  hasEscaped(): boolean {
    return this.escaped;
  }

  /** classEligibility: computed class -> eligible under every scope seen so far. */
  classEligibility(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const memo of this.byScope.values()) {
      for (const [cls, v] of memo) out[cls] = (out[cls] ?? true) && v.result.ok;
    }
    return out;
  }
}
