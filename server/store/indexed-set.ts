/**
 * IndexedSet: a secondary index "group key -> records", with a cached array per group so hot
 * readers (the scheduler asks for a node's allocations many times per plan) do not rebuild it.
 */
export class IndexedSet<T> {
  private readonly groups = new Map<string, Map<string, T>>();
  private readonly cache = new Map<string, readonly T[]>();

  /** add puts `value` under `group` with identity `id`. */
  add(group: string, id: string, value: T): void {
    let g = this.groups.get(group);
    if (!g) { g = new Map(); this.groups.set(group, g); }
    g.set(id, value);
    this.cache.delete(group);
  }

  /** remove drops `id` from `group`. */
  remove(group: string, id: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    g.delete(id);
    if (g.size === 0) this.groups.delete(group);
    this.cache.delete(group);
  }

  /** list returns the group's records (a shared, cached array: do not mutate). */
  list(group: string): readonly T[] {
    let arr = this.cache.get(group);
    if (!arr) {
      const g = this.groups.get(group);
      arr = g ? [...g.values()] : EMPTY;
      this.cache.set(group, arr);
    }
    return arr as readonly T[];
  }
}

const EMPTY: readonly never[] = Object.freeze([]);
