/**
 * DistinctPropertyCheck: `distinct_property` allows at most RTarget (default 1) allocations per
 * distinct value of a node property; job-level constraints count every group of the job,
 * group-level ones only that group. Nodes lacking the property are rejected.
 */
import type { Constraint, TaskGroup } from '../../../api/structs/index.js';
import { constraintString } from './constraint-check.js';
import type { FeasibilityCheck } from './contracts.js';
import { FEASIBLE, filtered } from './contracts.js';
import { PropertySet } from './property-set.js';

/** DistinctPropertyLimit is one prepared constraint. */
export interface DistinctPropertyLimit {
  readonly set: PropertySet;
  readonly allowed: number;
  readonly reason: string;
}

/** allowedPerValue parses RTarget: a positive integer, default 1. */
export function allowedPerValue(c: Constraint): number {
  const n = Number.parseInt(c.RTarget, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** distinctPropertyCheck rejects nodes whose property value is used up. */
export const distinctPropertyCheck: FeasibilityCheck<readonly DistinctPropertyLimit[]> = {
  name: 'distinct-property',
  prepare: (tg: TaskGroup, ctx) => {
    const limits: DistinctPropertyLimit[] = [];
    const add = (c: Constraint, group: string | undefined): void => {
      if (c.Operand !== 'distinct_property') return;
      limits.push({ set: new PropertySet(ctx, c.LTarget, group), allowed: allowedPerValue(c), reason: constraintString(c) });
    };
    for (const c of ctx.job.Constraints ?? []) add(c, undefined);
    for (const c of tg.Constraints ?? []) add(c, tg.Name);
    for (const task of tg.Tasks) for (const c of task.Constraints ?? []) add(c, tg.Name);
    return limits.length === 0 ? undefined : limits;
  },
  scope: () => 'proposed',
  check: (node, limits) => {
    for (const l of limits) {
      const { value, count } = l.set.usedCount(node);
      if (value === undefined || count >= l.allowed) return filtered(l.reason);
    }
    return FEASIBLE;
  },
};
