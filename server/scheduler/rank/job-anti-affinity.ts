/**
 * JobAntiAffinity scorer: discourages stacking allocations of the same job group on one node.
 * With `collisions` proposed allocations of the group already on the node, appends
 * -(collisions + 1) / count; with none, records a neutral 0.
 */
import type { Scorer } from './contracts.js';
import { NEUTRAL, score } from './contracts.js';

/** jobAntiAffinityPenalty is the appended score for `collisions` on a group of `count`. */
export function jobAntiAffinityPenalty(collisions: number, count: number): number {
  return -(collisions + 1) / Math.max(1, count);
}

/** jobAntiAffinityScorer implements the scorer described above. */
export const jobAntiAffinityScorer: Scorer<{ readonly group: string; readonly count: number }> = {
  name: 'job-anti-affinity',
  prepare: (tg) => ({ group: tg.Name, count: tg.Count }),
  score: (option, s) => {
    const collisions = option.usage.groupAllocCount(s.group);
    return collisions > 0 ? score(jobAntiAffinityPenalty(collisions, s.count)) : NEUTRAL;
  },
};
