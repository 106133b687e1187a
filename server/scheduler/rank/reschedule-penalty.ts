/**
 * NodeReschedulingPenalty scorer: a rescheduled allocation should avoid the nodes it already
 * failed on. Appends -1 on a penalized node, records a neutral 0 elsewhere.
 */
import type { Scorer } from './contracts.js';
import { NEUTRAL, score } from './contracts.js';

const PENALTY = score(-1);

/** reschedulePenaltyScorer reads the request's penaltyNodeIds. */
export const reschedulePenaltyScorer: Scorer<true> = {
  name: 'node-reschedule-penalty',
  prepare: () => true,
  score: (option, _s, request) => (request.penaltyNodeIds?.has(option.node.ID) === true ? PENALTY : NEUTRAL),
};
