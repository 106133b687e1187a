/**
 * Rescheduling of failed allocations (reference §6.4, Nomad `NextDelay`/`NextRescheduleTime`
 * and the reconciler's `filterByRescheduleable`).
 *
 * A failed allocation is rescheduled when its group's ReschedulePolicy allows another attempt
 * (unlimited, or fewer than `Attempts` reschedules within `Interval` of the failure and the
 * next delay still shorter than the interval). The next delay follows the delay function:
 * constant (`Delay`), exponential (last delay x 2) or fibonacci (sum of the last two), capped at
 * `MaxDelay`; once capped, a run that lasted longer than the cap restarts the series at `Delay`.
 * It is rescheduled **now** when this evaluation is its follow-up eval or its time is within
 * 1 s, **later** (follow-up eval) when it has none yet, and otherwise left as it is.
 */
import type { Allocation, RescheduleEvent, ReschedulePolicy } from '../../../api/structs/index.js';

/** RESCHEDULE_WINDOW_NS: an allocation due within this window is rescheduled now. */
export const RESCHEDULE_WINDOW_NS = 1_000_000_000;

/** UNLIMITED_TRACKER_EVENTS: unlimited policies keep only the last five reschedule events. */
export const UNLIMITED_TRACKER_EVENTS = 5;

/** lastEventTime is when the allocation last changed on the client: the latest task
 * `FinishedAt`, else its ModifyTime (Unix ns). */
export function lastEventTime(alloc: Allocation): number {
  let latest = 0;
  for (const state of Object.values(alloc.TaskStates ?? {})) {
    if (state.FinishedAt === null || state.FinishedAt === '') continue;
    const ms = Date.parse(state.FinishedAt);
    if (Number.isFinite(ms)) latest = Math.max(latest, ms * 1_000_000);
  }
  return latest > 0 ? latest : alloc.ModifyTime;
}

function trackerEvents(alloc: Allocation): readonly RescheduleEvent[] {
  return alloc.RescheduleTracker?.Events ?? [];
}

/** nextDelay is how long to wait after the failure before rescheduling `alloc` (ns). */
export function nextDelay(alloc: Allocation, policy: ReschedulePolicy): number {
  const events = trackerEvents(alloc);
  const last = events[events.length - 1];
  if (last === undefined) return policy.Delay;
  let delay: number;
  switch (policy.DelayFunction) {
    case 'constant':
      return policy.Delay;
    case 'exponential':
      delay = last.Delay * 2;
      break;
    case 'fibonacci': {
      const beforeLast = events[events.length - 2];
      if (beforeLast === undefined) delay = policy.Delay;
      else if (beforeLast.Delay === policy.MaxDelay && last.Delay === policy.Delay) delay = last.Delay; // series restarted
      else delay = last.Delay + beforeLast.Delay;
      break;
    }
  }
  if (policy.MaxDelay > 0 && delay > policy.MaxDelay) {
    delay = policy.MaxDelay;
    if (lastEventTime(alloc) - last.RescheduleTime > delay) delay = policy.Delay;
  }
  return delay;
}

/** RescheduleEligibility: when the allocation may be rescheduled and whether it may at all. */
export interface RescheduleEligibility {
  readonly eligible: boolean;
  /** Unix ns: failure time + next delay. */
  readonly time: number;
}

/** rescheduleEligibility applies the policy to a failed allocation (not eligible otherwise). */
export function rescheduleEligibility(alloc: Allocation, policy: ReschedulePolicy | undefined): RescheduleEligibility {
  const failTime = lastEventTime(alloc);
  if (policy === undefined || alloc.DesiredStatus !== 'run' || alloc.ClientStatus !== 'failed' || failTime === 0) {
    return { eligible: false, time: 0 };
  }
  const delay = nextDelay(alloc, policy);
  const time = failTime + delay;
  if (policy.Unlimited) return { eligible: true, time };
  if (policy.Attempts <= 0) return { eligible: false, time };
  const events = trackerEvents(alloc);
  if (events.length === 0) return { eligible: true, time };
  const attempted = events.filter((e) => failTime - e.RescheduleTime < policy.Interval).length;
  const eligible = attempted < policy.Attempts && delay < policy.Interval;
  return { eligible, time };
}

/** RescheduleDecision for one allocation that passed classification as untainted. */
export type RescheduleDecision =
  | { readonly kind: 'keep' }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'now' }
  | { readonly kind: 'later'; readonly time: number };

/** decideReschedule applies Nomad's service/batch filter then the policy (see file comment).
 * Service: complete (and lost) allocations are ignored so they get replaced. Batch: only failed
 * ones are considered; a successful one is kept (and never replaced). */
export function decideReschedule(alloc: Allocation, policy: ReschedulePolicy | undefined, opts: { batch: boolean; now: number; evalId: string }): RescheduleDecision {
  if (alloc.ClientStatus !== 'failed') {
    if (!opts.batch && (alloc.ClientStatus === 'complete' || alloc.ClientStatus === 'lost')) return { kind: 'ignore' };
    return { kind: 'keep' };
  }
  if (alloc.DesiredTransition?.ForceReschedule === true) return { kind: 'now' };
  const { eligible, time } = rescheduleEligibility(alloc, policy);
  if (!eligible) return { kind: 'keep' };
  if (alloc.FollowupEvalID === opts.evalId || time - opts.now <= RESCHEDULE_WINDOW_NS) return { kind: 'now' };
  if (alloc.FollowupEvalID === undefined || alloc.FollowupEvalID === '') return { kind: 'later', time };
  return { kind: 'keep' };
}

/** nextRescheduleTracker is the tracker of the replacement of `prev`: earlier events still
 * inside the interval (the last five when unlimited) plus this reschedule. */
export function nextRescheduleTracker(prev: Allocation, policy: ReschedulePolicy | undefined, now: number): { Events: RescheduleEvent[] } {
  const earlier = trackerEvents(prev);
  let kept: RescheduleEvent[];
  if (policy === undefined) kept = [...earlier];
  else if (policy.Unlimited) kept = earlier.slice(-(UNLIMITED_TRACKER_EVENTS - 1));
  else kept = earlier.filter((e) => now - e.RescheduleTime < policy.Interval);
  const delay = policy === undefined ? 0 : nextDelay(prev, policy);
  return { Events: [...kept, { RescheduleTime: now, PrevAllocID: prev.ID, PrevNodeID: prev.NodeID, Delay: delay }] };
}

/** penaltyNodes: the failed allocation's node and every node of its earlier reschedules. */
export function penaltyNodes(prev: Allocation): Set<string> {
  return new Set([prev.NodeID, ...trackerEvents(prev).map((e) => e.PrevNodeID)]);
}
