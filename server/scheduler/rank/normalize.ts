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
