/**
 * PreparedGroup: what the stack derives once per task group (prepared checks split by how
 * their verdicts may be reused, scorers, the resource ask, the limit), and the hot-loop helper
 * that recognizes nodes of a class already known ineligible.
 */
import type { ClassMemo, ClassVerdict } from './feasible/class-cache.js';
import type { PreparedCheck } from './feasible/contracts.js';
import type { GroupAsk } from './rank/ask.js';
import type { PreparedScorer } from './rank/contracts.js';

/** Checks split by how their verdicts may be reused. */
export interface CheckTiers {
  readonly perClass: PreparedCheck[];
  readonly perNode: PreparedCheck[];
}

/** PreparedGroup is everything the stack derives once per task group. */
export interface PreparedGroup {
  /** Class memos of the job's and this group's class-scoped checks. */
  readonly jobMemo: ClassMemo;
  readonly groupMemo: ClassMemo;
  /** No per-node job check runs before the group's class verdict (enables the fast skip). */
  readonly groupMemoSkippable: boolean;
  /** The memos' verdicts by class number (ClassIndex), filled as classes get memoized. */
  readonly jobSlots: Array<ClassVerdict | undefined>;
  readonly groupSlots: Array<ClassVerdict | undefined>;
  readonly checks: CheckTiers;
  readonly scorers: PreparedScorer[];
  readonly scorerNames: readonly string[];
  readonly ask: GroupAsk;
  readonly limit: number;
}

/** tiers splits prepared checks into memoizable (class) and per-node ones. */
export function tiers(checks: readonly PreparedCheck[]): CheckTiers {
  return { perClass: checks.filter((c) => c.scope === 'class'), perNode: checks.filter((c) => c.scope !== 'class') };
}

/** knownIneligible returns the memoized rejection of a class, if any (job scope first, then
 * the group's when no per-node job check would run in between). */
export function knownIneligible(group: PreparedGroup, cls: number, className: string): ClassVerdict | undefined {
  let job = group.jobSlots[cls];
  if (job === undefined) {
    job = group.jobMemo.get(className);
    if (job !== undefined) group.jobSlots[cls] = job;
  }
  if (job !== undefined && !job.result.ok) return job;
  if (!group.groupMemoSkippable) return undefined;
  let tg = group.groupSlots[cls];
  if (tg === undefined) {
    tg = group.groupMemo.get(className);
    if (tg !== undefined) group.groupSlots[cls] = tg;
  }
  return tg !== undefined && !tg.result.ok ? tg : undefined;
}

/** classKnownToPass: both the job's and the group's class verdicts are memoized as passing
 * (read from the slots knownIneligible just filled), so the class checks can be skipped. */
export function classKnownToPass(group: PreparedGroup, cls: number): boolean {
  const job = group.jobSlots[cls];
  const tg = group.groupSlots[cls];
  return job !== undefined && job.result.ok && tg !== undefined && tg.result.ok;
}
