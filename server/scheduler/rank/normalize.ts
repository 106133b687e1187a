/**
 * Score normalization: a node's final score is the arithmetic mean of the scores its scorers
 * appended (so scorers with nothing to say do not dilute the others).
 */

/** normalizeScores returns the mean of `scores`, 0 for none. */
export function normalizeScores(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}

/** RunningMean accumulates appended scores without keeping them (hot path). */
export class RunningMean {
  private sum = 0;
  private count = 0;
  add(score: number): void {
    this.sum += score;
    this.count++;
  }
  /** value is the mean so far, 0 for none (same as normalizeScores). */
  value(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}
