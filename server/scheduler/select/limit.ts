/**
 * Limit: look at only `limit` ranked nodes per placement (power of two choices: 2 for batch,
 * ~log2(N) for service, max(count, 100) with affinities or spreads). Options whose final score
 * is at or below the threshold (0) are set aside, up to `maxSkip` (3), while better ones may
 * still come; set-aside options are used if the source runs out.
 */
import type { RankedNode } from '../rank/contracts.js';

/** SKIP_SCORE_THRESHOLD and MAX_SKIP are Nomad's defaults. */
export const SKIP_SCORE_THRESHOLD = 0;
export const MAX_SKIP = 3;
/** NODE_LIMIT_WITH_AFFINITY is Nomad's DefaultNodeLimitForFeasibilityChecks. */
export const NODE_LIMIT_WITH_AFFINITY = 100;

/** OptionSource yields ranked options lazily (undefined when exhausted). */
export interface OptionSource {
  next(): RankedNode | undefined;
}

/** placementLimit computes the limit for a placement. */
export function placementLimit(opts: { batch: boolean; nodeCount: number; groupCount: number; hasAffinityOrSpread: boolean }): number {
  if (opts.hasAffinityOrSpread) return Math.max(opts.groupCount, NODE_LIMIT_WITH_AFFINITY);
  if (opts.batch) return 2;
  return Math.max(2, Math.ceil(Math.log2(Math.max(1, opts.nodeCount))));
}

/** LimitIterator passes on at most `limit` options from `source`. */
export class LimitIterator implements OptionSource {
  private seen = 0;
  private readonly skipped: RankedNode[] = [];
  private skippedIndex = 0;

  constructor(
    private readonly source: OptionSource,
    private readonly limit: number,
    private readonly threshold = SKIP_SCORE_THRESHOLD,
    private readonly maxSkip = MAX_SKIP,
  ) {}

  next(): RankedNode | undefined {
    if (this.seen >= this.limit) return undefined;
    let option = this.source.next();
    while (option !== undefined && option.finalScore <= this.threshold && this.skipped.length < this.maxSkip) {
      this.skipped.push(option);
      option = this.source.next();
    }
    if (option === undefined && this.skippedIndex < this.skipped.length) {
      option = this.skipped[this.skippedIndex++];
    }
    if (option !== undefined) this.seen++;
    return option;
  }
}
