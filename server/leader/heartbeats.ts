/**
 * Heartbeats: the leader's per-node TTL timers (reference: Nomad heartbeat.go).
 *
 *   ttl    = max(minTtl, activeTimers / maxHeartbeatsPerSecond) + random stagger in [0, ttl)
 *   client is told ttl; the leader's timer is ttl + grace
 *
 * A node whose timer fires is marked `down` (its jobs get evaluations, its allocations are
 * then found lost by the reconciler and replaced). After a leader election every known live
 * node gets the failover TTL, so clients have time to find the new leader.
 */

/** HeartbeatConfig holds Nomad's defaults unless overridden (dev/test use small values). */
export interface HeartbeatConfig {
  minTtlMs: number;
  maxHeartbeatsPerSecond: number;
  graceMs: number;
  failoverTtlMs: number;
}

/** DEFAULT_HEARTBEAT: min_heartbeat_ttl 10s, max_heartbeats_per_second 50, grace 10s, failover 300s. */
export const DEFAULT_HEARTBEAT: HeartbeatConfig = { minTtlMs: 10_000, maxHeartbeatsPerSecond: 50, graceMs: 10_000, failoverTtlMs: 300_000 };

/** Heartbeats keeps one timer per node and calls `onExpire` when a node misses its TTL. */
export class Heartbeats {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly config: HeartbeatConfig,
    private readonly onExpire: (nodeId: string) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** reset (re)arms a node's timer and returns the TTL to tell the client, in ms. */
  reset(nodeId: string): number {
    const active = this.timers.size + (this.timers.has(nodeId) ? 0 : 1);
    const base = Math.max(this.config.minTtlMs, (active / this.config.maxHeartbeatsPerSecond) * 1000);
    const ttl = Math.round(base + this.random() * base);
    this.arm(nodeId, ttl + this.config.graceMs);
    return ttl;
  }

  /** resetAllForFailover gives every listed node the failover TTL (new leader). */
  resetAllForFailover(nodeIds: Iterable<string>): void {
    for (const id of nodeIds) this.arm(id, this.config.failoverTtlMs);
  }

  /** clear drops a node's timer (node deregistered or already down). */
  clear(nodeId: string): void {
    const t = this.timers.get(nodeId);
    if (t) clearTimeout(t);
    this.timers.delete(nodeId);
  }

  /** stop drops every timer (leadership lost). */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** activeCount is the number of armed timers. */
  get activeCount(): number {
    return this.timers.size;
  }

  private arm(nodeId: string, ms: number): void {
    this.clear(nodeId);
    const t = setTimeout(() => {
      this.timers.delete(nodeId);
      this.onExpire(nodeId);
    }, ms);
    t.unref();
    this.timers.set(nodeId, t);
  }
}
