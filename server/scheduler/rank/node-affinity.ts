/**
 * NodeAffinity scorer: job, group and task `affinity` blocks merged. Appends
 * sum(weights of matching affinities) / sum(|weights|), a value in [-1, 1], when it is not 0
 * (a node matching nothing is not diluted toward 0).
 */
import type { Affinity, TaskGroup } from '../../../api/structs/index.js';
import { constraintHolds } from '../feasible/constraint-check.js';
import type { Scorer } from './contracts.js';
import { NO_SCORE, score } from './contracts.js';

/** groupAffinities merges job, group and task affinities. */
export function groupAffinities(jobAffinities: readonly Affinity[] | undefined, tg: TaskGroup): Affinity[] {
  return [...(jobAffinities ?? []), ...(tg.Affinities ?? []), ...tg.Tasks.flatMap((t) => t.Affinities ?? [])];
}

/** nodeAffinityScorer implements the scorer described above. */
export const nodeAffinityScorer: Scorer<{ readonly affinities: readonly Affinity[]; readonly sumWeight: number }> = {
  name: 'node-affinity',
  prepare: (tg, ctx) => {
    const affinities = groupAffinities(ctx.job.Affinities, tg);
    const sumWeight = affinities.reduce((s, a) => s + Math.abs(a.Weight), 0);
    return affinities.length === 0 || sumWeight === 0 ? undefined : { affinities, sumWeight };
  },
  score: (option, s) => {
    let total = 0;
    for (const a of s.affinities) if (constraintHolds(a, option.node)) total += a.Weight;
    return total === 0 ? NO_SCORE : score(total / s.sumWeight);
  },
};
