/**
 * Heap: a binary min-heap over a "comes first" comparator. The broker's ready and pending
 * queues, its delay heap and the plan queue are all heaps with different orderings.
 */

/** Before returns true when `a` must come out of the heap before `b`. */
export type Before<T> = (a: T, b: T) => boolean;

/** Heap is a binary heap; `pop` returns the item that comes first under `before`. */
export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: Before<T>) {}

  /** size is the number of items held. */
  get size(): number {
    return this.items.length;
  }

  /** peek returns the first item without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** push adds an item in O(log n). */
  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** pop removes and returns the first item in O(log n). */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** removeWhere deletes every item matching `match` (O(n)) and returns them. */
  removeWhere(match: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const kept: T[] = [];
    for (const item of this.items) (match(item) ? removed : kept).push(item);
    if (removed.length === 0) return removed;
    this.items.length = 0;
    for (const item of kept) this.push(item);
    return removed;
  }

  /** drain empties the heap and returns its items in no particular order. */
  drain(): T[] {
    return this.items.splice(0, this.items.length);
  }

  private siftUp(index: number): void {
    const items = this.items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const child = items[i] as T;
      const up = items[parent] as T;
      if (!this.before(child, up)) break;
      items[i] = up;
      items[parent] = child;
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const items = this.items;
    const n = items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < n && this.before(items[left] as T, items[first] as T)) first = left;
      if (right < n && this.before(items[right] as T, items[first] as T)) first = right;
      if (first === i) return;
      const tmp = items[i] as T;
      items[i] = items[first] as T;
      items[first] = tmp;
      i = first;
    }
  }
}
