/**
 * Blocked evaluations (reference §1.4): when placements fail, the scheduler creates one blocked
 * eval per job. It remembers which computed node classes could run the job (ClassEligibility)
 * so that only capacity changes on those classes (or on classes never seen) release it;
 * `EscapedComputedClass` jobs (constraints on unique node values) are released by any change.
 */
import type { AllocMetric, Evaluation, Node } from '../../api/structs/index.js';

/** BlockedReason: `queued-allocs` for unplaceable allocations, `max-plan-attempts` when plan
 * retries ran out. */
export type BlockedReason = 'queued-allocs' | 'max-plan-attempts';

/** classEligibility: for every computed class among the candidate nodes, whether the job could
 * run there. A class is ineligible when some failed group's metric filtered it and none found it
 * merely exhausted (full); classes never filtered are eligible. */
export function classEligibility(candidates: readonly Node[], failed: Readonly<Record<string, AllocMetric>>): Record<string, boolean> {
  const filtered = new Set<string>();
  const exhausted = new Set<string>();
  for (const metric of Object.values(failed)) {
    for (const [cls, n] of Object.entries(metric.ClassFiltered)) if (n > 0) filtered.add(cls);
    for (const [cls, n] of Object.entries(metric.ClassExhausted)) if (n > 0) exhausted.add(cls);
  }
  const eligibility: Record<string, boolean> = {};
  for (const cls of new Set([...candidates.map((n) => n.ComputedClass), ...filtered, ...exhausted])) {
    eligibility[cls] = exhausted.has(cls) || !filtered.has(cls);
  }
  return eligibility;
}

/** BlockedEvalArgs describe the blocked eval to create. */
export interface BlockedEvalArgs {
  readonly evaluation: Evaluation;
  readonly reason: BlockedReason;
  readonly classEligibility: Record<string, boolean>;
  readonly escapedComputedClass: boolean;
  readonly failedTGAllocs: Record<string, AllocMetric>;
  readonly snapshotIndex: number;
  readonly id: string;
  readonly now: number;
}

/** blockedEval builds the blocked evaluation that follows `evaluation`. */
export function blockedEval(args: BlockedEvalArgs): Evaluation {
  const { evaluation } = args;
  const blocked: Evaluation = {
    ID: args.id,
    Namespace: evaluation.Namespace,
    Priority: evaluation.Priority,
    Type: evaluation.Type,
    TriggeredBy: args.reason,
    JobID: evaluation.JobID,
    JobModifyIndex: evaluation.JobModifyIndex,
    Status: 'blocked',
    StatusDescription: args.reason === 'queued-allocs' ? 'created to place remaining allocations' : 'created due to placement conflicts',
    PreviousEval: evaluation.ID,
    EscapedComputedClass: args.escapedComputedClass,
    SnapshotIndex: args.snapshotIndex,
    CreateIndex: 0,
    ModifyIndex: 0,
    CreateTime: args.now,
    ModifyTime: args.now,
  };
  // An escaped job's verdicts are per node, not per class: any capacity change may release it.
  if (!args.escapedComputedClass) blocked.ClassEligibility = args.classEligibility;
  if (Object.keys(args.failedTGAllocs).length > 0) blocked.FailedTGAllocs = args.failedTGAllocs;
  return blocked;
}
