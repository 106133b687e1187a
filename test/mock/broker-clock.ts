/**
 * FakeClock: a deterministic Clock for broker, blocked-evals and plan tests. Time moves only
 * when the test calls `advance`; due timers fire in due-time order (ties in creation order).
 */
import type { Clock, TimerHandle } from '../../server/broker/clock.js';

interface FakeTimer {
  readonly seq: number;
  readonly dueAt: number;
  readonly fn: () => void;
  cleared: boolean;
}

/** FakeClock implements Clock with manual time. */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timer: FakeTimer = { seq: this.seq++, dueAt: this.current + Math.max(0, delayMs), fn, cleared: false };
    this.timers.push(timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    (handle as FakeTimer).cleared = true;
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** pendingTimers counts timers not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** advance moves time forward by `ms`, firing every timer that becomes due (including
   * timers that those timers set, if they are due within the window). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        if (t.dueAt <= target && (next === undefined || t.dueAt < next.dueAt || (t.dueAt === next.dueAt && t.seq < next.seq))) next = t;
      }
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
    }
    this.current = target;
  }
}
