/**
 * Spread scorer: job and group `spread` blocks. For each spread attribute, with `used` the
 * group's allocations on the node's value (+1 for this placement):
 *  - with targets: desired = percent/100 x count (the remainder goes to an implicit `*`);
 *    a value without a target (and no `*`) scores -1, desired 0 scores -1, otherwise
 *    ((desired - used) / desired) x (weight / sum of weights);
 *  - without targets (even spread): see evenSpreadBoost.
 * The sum over attributes is appended when it is not 0.
 */
import type { Spread } from '../../../api/structs/index.js';
import { PropertySet } from '../feasible/property-set.js';
import type { Scorer } from './contracts.js';
import { NO_SCORE, score } from './contracts.js';

/** IMPLICIT_TARGET receives the share of the count the explicit targets leave over. */
export const IMPLICIT_TARGET = '*';

/** SpreadAttribute is one prepared spread block. */
export interface SpreadAttribute {
  readonly set: PropertySet;
  readonly weight: number;
  /** Empty for an even spread. */
  readonly desired: ReadonlyMap<string, number>;
}

/** desiredCounts turns targets into desired allocation counts for a group of `count`. */
export function desiredCounts(spread: Spread, count: number): Map<string, number> {
  const desired = new Map<string, number>();
  let sum = 0;
  for (const t of spread.SpreadTarget ?? []) {
    const d = (t.Percent / 100) * count;
    desired.set(t.Value, d);
    sum += d;
  }
  if (sum > 0 && sum < count) desired.set(IMPLICIT_TARGET, count - sum);
  return desired;
}

/** evenSpreadBoost is Nomad's even-spread score for a node whose value has `current` allocs,
 * given the counts of every used value (`counts`, zero counts absent). */
export function evenSpreadBoost(counts: ReadonlyMap<string, number>, value: string | undefined): number {
  if (counts.size === 0) return 0;
  if (value === undefined) return -1;
  const current = counts.get(value) ?? 0;
  let min = 0;
  let max = 0;
  for (const c of counts.values()) {
    if (min === 0 || c < min) min = c;
    if (max === 0 || c > max) max = c;
  }
  if (current !== min) return min === 0 ? -1 : (min - current) / min;
  if (min === max) return -1;
  if (min === 0) return 1;
  return (max - min) / min;
}

/** targetedSpreadBoost scores one attribute with targets. */
export function targetedSpreadBoost(desired: ReadonlyMap<string, number>, value: string | undefined, used: number, weightShare: number): number {
  if (value === undefined) return -1;
  const want = desired.get(value) ?? desired.get(IMPLICIT_TARGET);
  if (want === undefined || want === 0) return -1;
  return ((want - used) / want) * weightShare;
}

/** spreadScorer implements the scorer described above. */
export const spreadScorer: Scorer<{ readonly attributes: readonly SpreadAttribute[]; readonly sumWeights: number }> = {
  name: 'allocation-spread',
  prepare: (tg, ctx) => {
    const spreads = [...(ctx.job.Spreads ?? []), ...(tg.Spreads ?? [])];
    if (spreads.length === 0) return undefined;
    const attributes = spreads.map((s) => ({ set: new PropertySet(ctx, s.Attribute, tg.Name), weight: s.Weight, desired: desiredCounts(s, tg.Count) }));
    return { attributes, sumWeights: spreads.reduce((sum, s) => sum + s.Weight, 0) };
  },
  score: (option, s) => {
    let total = 0;
    for (const attr of s.attributes) {
      const { value, count } = attr.set.usedCount(option.node);
      if (value === undefined) {
        total -= 1;
        continue;
      }
      if (attr.desired.size === 0) {
        total += evenSpreadBoost(attr.set.usedCounts(), value);
      } else {
        total += targetedSpreadBoost(attr.desired, value, count + 1, s.sumWeights > 0 ? attr.weight / s.sumWeights : 0);
      }
    }
    return total === 0 ? NO_SCORE : score(total);
  },
};
