/**
 * OwnPlacements: the new allocations a worker thread submitted, by allocation key, waiting for
 * their commit to come back through the forwarded change stream.
 *
 * The committed record of a new allocation is the submitted one (the leader writes a plan's
 * allocations as they are; replicas drop Metrics), so the replica applies these objects instead
 * of decoding the same bytes again: with one worker, that is every allocation it ever receives.
 * Only new allocations qualify (CreateIndex 0): their IDs are fresh, so no other writer can put
 * the key before the plan commits it, and the first put of the key is this plan's. Stops and
 * in-place updates of existing allocations are always decoded.
 */
import type { Allocation, Plan } from '../../api/structs/index.js';
import { keyOf } from '../store/tables.js';

/** OwnPlacements tracks one thread's submitted, not yet applied, new allocations. */
export class OwnPlacements {
  private readonly byKey = new Map<string, Allocation>();

  /** size is the number of registered placements. */
  get size(): number {
    return this.byKey.size;
  }

  /** register records the plan's new allocations (Metrics left out) before it is submitted;
   * returns their keys so a failed submission can `forget` them. */
  register(plan: Plan): string[] {
    const keys: string[] = [];
    for (const allocs of Object.values(plan.NodeAllocation)) {
      for (const a of allocs) {
        if (a.CreateIndex !== 0) continue;
        const key = keyOf.alloc(a);
        this.byKey.set(key, { ...a, Metrics: undefined });
        keys.push(key);
      }
    }
    return keys;
  }

  /** take returns (and forgets) the record registered under `key`: the `reuse` hook of
   * decodeBatch. */
  readonly take = (key: string): object | undefined => {
    const a = this.byKey.get(key);
    if (a !== undefined) this.byKey.delete(key);
    return a;
  };

  /** forgetUncommitted drops the placements on nodes the applier rejected (never written). */
  forgetUncommitted(plan: Plan, committedNodes: readonly string[]): void {
    const committed = new Set(committedNodes);
    for (const [nodeId, allocs] of Object.entries(plan.NodeAllocation)) {
      if (committed.has(nodeId)) continue;
      for (const a of allocs) this.byKey.delete(keyOf.alloc(a));
    }
  }

  /** forget drops the given keys (the submission failed). */
  forget(keys: readonly string[]): void {
    for (const k of keys) this.byKey.delete(k);
  }

  /** clear drops everything (the replica was re-seeded with a full state). */
  clear(): void {
    this.byKey.clear();
  }
}
