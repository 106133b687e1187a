/**
 * RestartTracker: the task restart policy state machine (reference §6.4, Nomad's restarts.go).
 *
 *   task exits / start fails
 *        │
 *        ├─ killed by the client ...................... done   (no restart)
 *        ├─ unrecoverable start error ................. fail   ("Not Restarting")
 *        ├─ success and restartOnSuccess = false ...... done   (batch, sysbatch, poststop,
 *        │                                                       non-sidecar prestart/poststart)
 *        └─ otherwise count it in the interval window:
 *             window expired -> new window, count = 0
 *             count += 1
 *             count <= attempts -> restart after delay + jitter(0..25% of delay)
 *             count >  attempts -> mode "fail": fail
 *                                  mode "delay": restart when the window ends (new window)
 *
 * Pure apart from the injected clock and random source, so a table test can drive it.
 */
import type { JobType, RestartPolicy, TaskLifecycle } from '../../api/structs/index.js';
import type { RestartTrackerState } from '../state/records.js';

const NS_PER_MS = 1_000_000;

/** TaskExit is what happened to the task. */
export type TaskExit =
  | { kind: 'exited'; exitCode: number; signal: number }
  | { kind: 'start-error'; message: string; recoverable: boolean }
  | { kind: 'killed' };

/** RestartDecision is what the task runner does next. */
export type RestartDecision =
  | { kind: 'restart'; delayMs: number; reason: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'done'; reason: string };

/** defaultRestartPolicy returns Nomad's default per job type (service/system: 2 in 30m; batch: 3 in 24h; delay 15s; fail). */
export function defaultRestartPolicy(jobType: JobType): RestartPolicy {
  const min = 60_000_000_000;
  switch (jobType) {
    case 'service':
    case 'system':
      return { Attempts: 2, Interval: 30 * min, Delay: 15_000_000_000, Mode: 'fail' };
    case 'batch':
    case 'sysbatch':
      return { Attempts: 3, Interval: 24 * 60 * min, Delay: 15_000_000_000, Mode: 'fail' };
    default: {
      const never: never = jobType;
      return never;
    }
  }
}

/** restartOnSuccess: does a successful exit restart the task? (service/system main tasks and sidecars only) */
export function restartOnSuccess(jobType: JobType, lifecycle: TaskLifecycle | undefined): boolean {
  if (lifecycle !== undefined) {
    if (lifecycle.Hook === 'poststop') return false;
    if (!lifecycle.Sidecar) return false;
  }
  return jobType === 'service' || jobType === 'system';
}

/** RestartTracker decides after every exit; its state is persisted by the task runner. */
export class RestartTracker {
  state: RestartTrackerState;

  constructor(
    private readonly policy: RestartPolicy,
    private readonly onSuccessRestart: boolean,
    state: RestartTrackerState | undefined,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.state = state ?? { windowStartMs: now(), countInWindow: 0 };
  }

  /** decide records the exit and returns what to do. */
  decide(exit: TaskExit): RestartDecision {
    switch (exit.kind) {
      case 'killed':
        return { kind: 'done', reason: 'task was killed by the client' };
      case 'start-error':
        if (!exit.recoverable) return { kind: 'fail', reason: `Error was unrecoverable: ${exit.message}` };
        return this.countFailure();
      case 'exited':
        if (exit.exitCode === 0 && exit.signal === 0 && !this.onSuccessRestart) {
          return { kind: 'done', reason: 'task completed successfully' };
        }
        return this.countFailure();
      default: {
        const never: never = exit;
        return never;
      }
    }
  }

  private countFailure(): RestartDecision {
    const p = this.policy;
    const now = this.now();
    const intervalMs = p.Interval / NS_PER_MS;
    const delayMs = p.Delay / NS_PER_MS;
    const windowEnd = this.state.windowStartMs + intervalMs;
    if (now > windowEnd) this.state = { windowStartMs: now, countInWindow: 0 };
    this.state = { ...this.state, countInWindow: this.state.countInWindow + 1 };
    if (this.state.countInWindow <= p.Attempts) {
      return { kind: 'restart', delayMs: Math.round(delayMs + this.random() * delayMs * 0.25), reason: 'Restart within policy' };
    }
    const reason = `Exceeded allowed attempts ${p.Attempts} in interval ${formatDuration(intervalMs)} and mode is "${p.Mode}"`;
    switch (p.Mode) {
      case 'fail':
        return { kind: 'fail', reason };
      case 'delay': {
        const wait = Math.max(0, this.state.windowStartMs + intervalMs - now);
        // the next window starts when the delay ends
        this.state = { windowStartMs: now + wait, countInWindow: 0 };
        return { kind: 'restart', delayMs: wait, reason };
      }
      default: {
        const never: never = p.Mode;
        return never;
      }
    }
  }
}

/** formatDuration renders ms like Go's time.Duration (1h0m0s, 30m0s, 15s, 250ms). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}
