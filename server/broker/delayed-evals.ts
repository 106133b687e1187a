/**
 * DelayedEvals: evaluations the broker holds until a time: `Wait` (relative, one timer each),
 * nack re-enqueue delays (same) and `WaitUntil` (absolute, a heap with one timer for its
 * earliest entry, so thousands of delayed evals cost one timer).
 */
import type { Evaluation } from '../../api/structs/index.js';
import type { Clock, TimerHandle } from './clock.js';
import { Heap } from './heap.js';

/** DelayedEval is an eval in the WaitUntil delay heap. */
interface DelayedEval {
  readonly eval: Evaluation;
  readonly dueAtMs: number;
}

/** DelayedEvals calls `onDue(eval)` when a held eval becomes due. */
export class DelayedEvals {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly heap = new Heap<DelayedEval>((a, b) => a.dueAtMs < b.dueAtMs);
  private heapTimer: { handle: TimerHandle; dueAtMs: number } | undefined;

  constructor(private readonly clock: Clock, private readonly onDue: (evaluation: Evaluation) => void) {}

  /** size counts held evals. */
  get size(): number {
    return this.timers.size + this.heap.size;
  }

  /** after holds `evaluation` for `delayMs` (Wait and nack delays); returns the due time. */
  after(evaluation: Evaluation, delayMs: number): number {
    const handle = this.clock.setTimer(() => {
      this.timers.delete(evaluation.ID);
      this.onDue(evaluation);
    }, delayMs);
    this.timers.set(evaluation.ID, handle);
    return this.clock.now() + delayMs;
  }

  /** until holds `evaluation` until `dueAtMs` (WaitUntil). */
  until(evaluation: Evaluation, dueAtMs: number): void {
    this.heap.push({ eval: evaluation, dueAtMs });
    this.armHeapTimer();
  }

  /** clear stops every timer and forgets every held eval. */
  clear(): void {
    for (const handle of this.timers.values()) this.clock.clearTimer(handle);
    this.timers.clear();
    if (this.heapTimer !== undefined) this.clock.clearTimer(this.heapTimer.handle);
    this.heapTimer = undefined;
    this.heap.drain();
  }

  private armHeapTimer(): void {
    const head = this.heap.peek();
    if (head === undefined) return;
    if (this.heapTimer !== undefined) {
      if (this.heapTimer.dueAtMs <= head.dueAtMs) return;
      this.clock.clearTimer(this.heapTimer.handle);
    }
    const dueAtMs = head.dueAtMs;
    const handle = this.clock.setTimer(() => {
      this.heapTimer = undefined;
      this.releaseDue();
    }, dueAtMs - this.clock.now());
    this.heapTimer = { handle, dueAtMs };
  }

  private releaseDue(): void {
    const now = this.clock.now();
    for (let head = this.heap.peek(); head !== undefined && head.dueAtMs <= now; head = this.heap.peek()) {
      this.heap.pop();
      this.onDue(head.eval);
    }
    this.armHeapTimer();
  }
}
