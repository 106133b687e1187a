/**
 * DistinctHostsCheck: a `distinct_hosts` constraint at job level allows at most one allocation
 * of the job per node; at group level, one allocation of that group per node. Counts include
 * the plan in progress, so it can never be cached.
 */
import type { Constraint, TaskGroup } from '../../../api/structs/index.js';
import type { CheckContext, FeasibilityCheck } from './contracts.js';
import { FEASIBLE, FilterReason, filtered } from './contracts.js';

/** isDistinctHostsEnabled: RTarget empty or true enables the constraint (Nomad's default). */
export function isDistinctHostsEnabled(c: Constraint): boolean {
  if (c.Operand !== 'distinct_hosts') return false;
  const r = c.RTarget.trim().toLowerCase();
  return r === '' || r === 'true' || r === '1' || r === 't';
}

/** DistinctHostsState is what the check needs for one group. */
export interface DistinctHostsState {
  readonly ctx: CheckContext;
  readonly group: string;
  readonly jobLevel: boolean;
  readonly groupLevel: boolean;
}

/** distinctHostsCheck rejects nodes already holding an allocation of the job (or group). */
export const distinctHostsCheck: FeasibilityCheck<DistinctHostsState> = {
  name: 'distinct-hosts',
  prepare: (tg: TaskGroup, ctx) => {
    const jobLevel = (ctx.job.Constraints ?? []).some(isDistinctHostsEnabled);
    const groupLevel = [...(tg.Constraints ?? []), ...tg.Tasks.flatMap((t) => t.Constraints ?? [])].some(isDistinctHostsEnabled);
    if (!jobLevel && !groupLevel) return undefined;
    return { ctx, group: tg.Name, jobLevel, groupLevel };
  },
  scope: () => 'proposed',
  check: (node, s) => {
    const usage = s.ctx.usage.usage(node);
    if (s.jobLevel && usage.jobAllocCount() > 0) return filtered(FilterReason.distinctHosts);
    if (s.groupLevel && usage.groupAllocCount(s.group) > 0) return filtered(FilterReason.distinctHosts);
    return FEASIBLE;
  },
};
