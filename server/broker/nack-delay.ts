/**
 * The re-enqueue delay applied to a nacked evaluation (Nomad's nackReenqueueDelay): the delay
 * compounds so a poison evaluation backs off before it reaches the delivery limit.
 */

/** NackDelayConfig holds the two delays in milliseconds. */
export interface NackDelayConfig {
  /** initialMs applies after the first delivery is nacked (Nomad: 1 s). */
  readonly initialMs: number;
  /** subsequentMs multiplies from the second nack on (Nomad: 20 s). */
  readonly subsequentMs: number;
}

/**
 * nackReenqueueDelay returns how long to wait before re-enqueueing an evaluation that has been
 * delivered `dequeueCount` times and was just nacked: 0 for 0 deliveries, `initialMs` for 1,
 * `(k - 1) * subsequentMs` for k >= 2.
 */
export function nackReenqueueDelay(dequeueCount: number, config: NackDelayConfig): number {
  if (dequeueCount <= 0) return 0;
  if (dequeueCount === 1) return config.initialMs;
  return (dequeueCount - 1) * config.subsequentMs;
}
