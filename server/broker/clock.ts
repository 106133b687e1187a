/**
 * Clock: the time source of the leader's in-memory queues (eval broker, blocked evals).
 *
 * Injected so that timer behaviour (nack timeouts, Wait/WaitUntil delays, dequeue timeouts) is
 * tested with a fake clock that is advanced by hand, never with real sleeps.
 */

/** TimerHandle is an opaque handle returned by `Clock.setTimer`. */
export type TimerHandle = object;

/** Clock gives the current time in milliseconds and one-shot timers. */
export interface Clock {
  /** now is the current time in Unix milliseconds. */
  now(): number;
  /** setTimer runs `fn` once after `delayMs` (clamped to >= 0). */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  /** clearTimer cancels a timer; clearing a fired or cleared timer is a no-op. */
  clearTimer(handle: TimerHandle): void;
}

/** systemClock is the real clock (Date.now and setTimeout). Timers are unref'd so a leader's
 * queues never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref();
    return t;
  },
  clearTimer(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** NS_PER_MS converts Nomad's nanosecond durations (Wait, WaitUntil) to milliseconds. */
export const NS_PER_MS = 1_000_000;
