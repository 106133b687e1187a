/**
 * MaxScore: consume every limited option and keep the one with the strictly highest final
 * score (the first of equals wins, so the shuffled order breaks ties).
 */
import type { RankedNode } from '../rank/contracts.js';
import type { OptionSource } from './limit.js';

/** maxScore drains `source` and returns the best option. */
export function maxScore(source: OptionSource): RankedNode | undefined {
  let best: RankedNode | undefined;
  for (let o = source.next(); o !== undefined; o = source.next()) {
    if (best === undefined || o.finalScore > best.finalScore) best = o;
  }
  return best;
}
