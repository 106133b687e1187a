/**
 * NameIndex hands out allocation name indexes for one group (Nomad `AllocNameIndex`): new
 * allocations take the lowest free indexes in `0..count-1`; scale-down stops the highest.
 * It is a local working set of one reconcile call, never shared.
 */
import type { Allocation } from '../../../api/structs/index.js';
import { allocName, allocNameIndex } from '../util/alloc-name.js';

/** NameIndex tracks which indexes of `<job>.<group>[i]` are in use. */
export class NameIndex {
  private readonly used = new Set<number>();

  constructor(private readonly jobId: string, private readonly group: string, private readonly count: number, inUse: Iterable<Allocation>) {
    for (const alloc of inUse) {
      const index = allocNameIndex(alloc.Name);
      if (index !== undefined) this.used.add(index);
    }
  }

  /** release frees an index (its allocation is stopped). */
  release(index: number): void {
    this.used.delete(index);
  }

  /** next claims `n` names: free indexes below `count` first, then low indexes again (only
   * when more copies than `count` are asked for, which callers avoid). */
  next(n: number): string[] {
    const names: string[] = [];
    for (let i = 0; i < this.count && names.length < n; i++) {
      if (this.used.has(i)) continue;
      this.used.add(i);
      names.push(allocName(this.jobId, this.group, i));
    }
    for (let i = 0; names.length < n; i++) names.push(allocName(this.jobId, this.group, i));
    return names;
  }
}
