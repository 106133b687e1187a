/**
 * ServerCore: what request handlers (HTTP routes, internal client endpoints, leader loops) need
 * from a running server: the state mirror, the single write path, time and ID sources.
 */
import type { Command } from './fsm/commands.js';
import type { StateStore } from './store/state-store.js';

/** ServerCore is the narrow interface endpoints are written against (easy to fake in tests). */
export interface ServerCore {
  /** The in-memory mirror of cluster state (read-only records). */
  readonly store: StateStore;
  /** Region this server belongs to. */
  readonly region: string;
  /** Commit a command on the leader; resolves with its index once the mirror has applied it. */
  apply(cmd: Command): Promise<number>;
  /** Unix nanoseconds now. */
  now(): number;
  newId(): string;
}

/** nowNanos returns the current time as Unix nanoseconds (ms precision). */
export function nowNanos(): number {
  return Date.now() * 1_000_000;
}
