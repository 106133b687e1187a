/** Eval broker and blocked evals: the leader's in-memory evaluation queues. */
export { EvalBroker } from './eval-broker.js';
export { FAILED_QUEUE } from './broker-types.js';
export type { BrokerQueue, BrokerState, BrokerStats, Delivery, EvalBrokerConfig, EvalBrokerEvents, QueueStats } from './broker-types.js';
export { BlockedEvals } from './blocked-evals.js';
export type { BlockedEntry, BlockedEvalsEvents, BlockedEvalsOptions, BlockedEvalsState, BlockedStats } from './blocked-evals.js';
export { systemClock, NS_PER_MS } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { nackReenqueueDelay } from './nack-delay.js';
export { canceledEval, failedEvalWrites, FAILED_FOLLOWUP_BASELINE_NS, FAILED_FOLLOWUP_RANGE_NS } from './reap.js';
export type { FailedEvalWrites, ReapInputs } from './reap.js';
