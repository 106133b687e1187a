/**
 * The ranking stage contract: a Scorer scores one feasible, fitting node for a task group.
 * Scores lie in [-1, 1]; the stack averages the scores scorers append (normalize.ts), so a
 * scorer that has nothing to say does not dilute the others.
 */
import type { Node, TaskGroup } from '../../../api/structs/index.js';
import type { CheckContext } from '../feasible/contracts.js';
import type { NodeUsage } from '../node-usage.js';
import type { PlacementRequest } from '../placement.js';
import type { GroupAsk } from './ask.js';
import type { GroupGrant } from './resource-fit.js';

/** RankedNode is a node that passed feasibility and fits the group, with its scores. */
export interface RankedNode {
  readonly node: Node;
  /** Proposed usage of the node *before* this placement. */
  readonly usage: NodeUsage;
  /** Ports and devices assigned on this node (undefined when the group asks none). */
  readonly grant: GroupGrant | undefined;
  /** Recorded score of each prepared scorer, by position (NaN: the scorer said nothing).
   * A neutral outcome records 0 without counting toward the mean. */
  readonly recorded: number[];
  /** Mean of the appended scores (normalize.ts). */
  finalScore: number;
}

/** ScorerName identifies a scorer; the names are Nomad's metric keys. */
export type ScorerName = 'binpack' | 'job-anti-affinity' | 'node-reschedule-penalty' | 'node-affinity' | 'allocation-spread';

/** ScoreOutcome: a score to append (and record), a neutral 0 to record only, or nothing. */
export type ScoreOutcome =
  | { readonly kind: 'score'; readonly value: number }
  | { readonly kind: 'neutral' }
  | { readonly kind: 'none' };

/** NEUTRAL and NO_SCORE are the shared non-score outcomes. */
export const NEUTRAL: ScoreOutcome = Object.freeze({ kind: 'neutral' });
export const NO_SCORE: ScoreOutcome = Object.freeze({ kind: 'none' });

/** score wraps a value to append. */
export function score(value: number): ScoreOutcome {
  return { kind: 'score', value };
}

/** ScoreContext is the check context plus the group's resource ask. */
export interface ScoreContext extends CheckContext {
  readonly ask: GroupAsk;
  readonly algorithm: 'binpack' | 'spread';
}

/** Scorer is one ranking stage; S is its per-task-group prepared state. */
export interface Scorer<S> {
  readonly name: ScorerName;
  /** Prepare for a task group; undefined when the scorer does not apply to it. */
  prepare(tg: TaskGroup, ctx: ScoreContext): S | undefined;
  score(option: RankedNode, state: S, request: PlacementRequest): ScoreOutcome;
}

/** PreparedScorer is a scorer bound to its prepared state. */
export interface PreparedScorer {
  readonly name: ScorerName;
  score(option: RankedNode, request: PlacementRequest): ScoreOutcome;
}

/** prepareScorers binds each applicable scorer to its state for `tg`. */
export function prepareScorers(scorers: ReadonlyArray<Scorer<unknown>>, tg: TaskGroup, ctx: ScoreContext): PreparedScorer[] {
  return scorers.flatMap((s) => bindScorer(s, tg, ctx) ?? []);
}

function bindScorer<S>(scorer: Scorer<S>, tg: TaskGroup, ctx: ScoreContext): PreparedScorer | undefined {
  const state = scorer.prepare(tg, ctx);
  if (state === undefined) return undefined;
  return { name: scorer.name, score: (option, request) => scorer.score(option, state, request) };
}
