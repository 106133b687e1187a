/**
 * MemPlanState: a minimal in-memory cluster state for plan-applier tests. It implements the
 * applier's read view and a commit path whose completion and visibility the test controls:
 * `holdCommits` parks commits until `releaseCommit()`, and `applyVisible = false` makes
 * committed results invisible until `catchUp()` (a store lagging behind its writes).
 */
import type { Allocation, Node, PlanResult } from '../../api/structs/index.js';
import type { ApplierStateView } from '../../server/plan/applier.js';

/** MemPlanState: see the file comment. */
export class MemPlanState implements ApplierStateView {
  index = 1;
  holdCommits = false;
  applyVisible = true;
  readonly commits: PlanResult[] = [];
  private readonly nodes = new Map<string, Node>();
  private readonly allocs = new Map<string, Allocation>();
  private readonly held: Array<() => void> = [];
  private readonly invisible: Array<{ result: PlanResult; index: number }> = [];
  private nextIndex = 2;

  constructor(nodes: readonly Node[] = [], allocs: readonly Allocation[] = []) {
    for (const n of nodes) this.nodes.set(n.ID, n);
    for (const a of allocs) this.allocs.set(a.ID, a);
  }

  node(id: string): Node | undefined {
    return this.nodes.get(id);
  }

  allocsByNode(nodeId: string): readonly Allocation[] {
    return [...this.allocs.values()].filter((a) => a.NodeID === nodeId);
  }

  /** allAllocs lists every allocation (for invariant checks). */
  allAllocs(): Allocation[] {
    return [...this.allocs.values()];
  }

  /** upsertAlloc replaces an allocation record (a client status update outside plans). */
  upsertAlloc(alloc: Allocation): void {
    this.allocs.set(alloc.ID, alloc);
    this.index = this.nextIndex++;
  }

  /** upsertNode replaces a node record (a state change outside plans). */
  upsertNode(node: Node): void {
    this.nodes.set(node.ID, node);
    this.index = this.nextIndex++;
  }

  /** commit is the applier's injected commit. */
  commit = async (result: PlanResult): Promise<{ index: number }> => {
    if (this.holdCommits) await new Promise<void>((resolve) => this.held.push(resolve));
    const index = this.nextIndex++;
    this.commits.push(result);
    if (this.applyVisible) this.applyResult(result, index);
    else this.invisible.push({ result, index });
    return { index };
  };

  /** heldCommits counts commits waiting for releaseCommit(). */
  get heldCommits(): number {
    return this.held.length;
  }

  /** releaseCommit lets the oldest held commit proceed. */
  releaseCommit(): void {
    this.held.shift()?.();
  }

  /** catchUp makes invisible commits visible. */
  catchUp(): void {
    for (const { result, index } of this.invisible.splice(0)) this.applyResult(result, index);
  }

  private applyResult(result: PlanResult, index: number): void {
    for (const list of [...Object.values(result.NodeUpdate), ...Object.values(result.NodeAllocation)]) {
      for (const a of list) this.allocs.set(a.ID, a);
    }
    this.index = Math.max(this.index, index);
  }
}

/** until polls `cond` on the microtask/macrotask queue until true or the deadline passes. */
export async function until(cond: () => boolean, what: string, deadlineMs = 2_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
