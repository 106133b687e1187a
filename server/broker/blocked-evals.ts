/**
 * BlockedEvals tracks evaluations that could not place every allocation, and releases them to
 * the broker when capacity that could help them appears.
 *
 * A blocked eval is either "captured" (its job's constraints are expressed by computed node
 * classes, so `ClassEligibility` says which classes could run it) or "escaped" (constraints on
 * unique node attributes: any capacity change may help). System-job evals with a NodeID are
 * also indexed by node so a change on that node releases them. At most one blocked eval per job
 * is kept: the older one (by max(CreateIndex, SnapshotIndex)) goes to `duplicates`, which the
 * leader takes with `takeDuplicates()` and writes `canceled`.
 *
 * Missed unblocks: an eval was scheduled on a snapshot; capacity may have appeared after that
 * snapshot and before the eval reached the tracker. Every unblock records its index per class;
 * an eval whose SnapshotIndex is older than an unblock of a class it marked eligible (or never
 * saw), or, when escaped, older than any unblock, is released at once instead of blocked.
 *
 * Released evals go to the injected `enqueue` (the broker's `enqueueAll`), with the token they
 * were blocked under, so a reblock of an eval still held by a worker is handled by the broker.
 * All calls are synchronous; the FSM calls them after each apply on the leader.
 */
import type { Evaluation } from '../../api/structs/index.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { jobKey } from './eval-order.js';
import type { LeaderQueueState } from './leader-lifecycle.js';
import { LeaderLifecycle } from './leader-lifecycle.js';
import { TypedEvents } from './typed-events.js';

/** BlockedEntry is an eval with the delivery token it was (re)blocked under, if any. */
export interface BlockedEntry {
  readonly eval: Evaluation;
  readonly token?: string | undefined;
}

/** BlockedEvalsState: `running` on the leader; `stopped` after disable (flushed). */
export type BlockedEvalsState = LeaderQueueState;

/** BlockedEvalsEvents are emitted synchronously for metrics and tests. */
export interface BlockedEvalsEvents {
  /** blocked: an eval is now tracked. */
  blocked: (evaluation: Evaluation, escaped: boolean) => void;
  /** released: evals were handed to the broker; `reason` says why. */
  released: (evaluations: readonly Evaluation[], reason: 'unblock' | 'missed-unblock' | 'node' | 'failed') => void;
  /** duplicate: an older blocked eval of the same job was superseded. */
  duplicate: (evaluation: Evaluation) => void;
}

/** BlockedStats counts tracked evals. */
export interface BlockedStats {
  totalBlocked: number;
  totalEscaped: number;
  totalCaptured: number;
  totalDuplicates: number;
}

/** BlockedEvalsOptions wires the tracker to the broker. */
export interface BlockedEvalsOptions {
  /** enqueue receives released evals (the broker's `enqueueAll`). */
  enqueue: (entries: readonly BlockedEntry[]) => void;
  /** clock timestamps unblock indexes for pruning (default: system clock). */
  clock?: Clock;
}

const latestIndex = (e: Evaluation): number => Math.max(e.CreateIndex, e.SnapshotIndex ?? 0);

/** BlockedEvals: see the file comment. */
export class BlockedEvals {
  /** events reports blocks, releases and duplicates. */
  readonly events = new TypedEvents<BlockedEvalsEvents>();

  private readonly lifecycle = new LeaderLifecycle();
  private readonly captured = new Map<string, BlockedEntry>();
  private readonly escaped = new Map<string, BlockedEntry>();
  /** byNode: node ID -> eval IDs of blocked system evals for that node (also in `captured`). */
  private readonly byNode = new Map<string, Set<string>>();
  /** jobs: job key -> its one blocked eval ID. */
  private readonly jobs = new Map<string, string>();
  /** unblockIndexes: computed class -> last unblock index and when it was recorded. */
  private readonly unblockIndexes = new Map<string, { index: number; atMs: number }>();
  private duplicates: Evaluation[] = [];

  constructor(private readonly options: BlockedEvalsOptions) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** state is the lifecycle state. */
  get state(): BlockedEvalsState {
    return this.lifecycle.state;
  }

  /** enable starts tracking (leader gained). */
  enable(): void {
    this.lifecycle.enable();
  }

  /** disable drops everything (leader lost); the new leader re-blocks from the store. */
  disable(): void {
    if (!this.lifecycle.disable()) return;
    this.captured.clear();
    this.escaped.clear();
    this.byNode.clear();
    this.jobs.clear();
    this.unblockIndexes.clear();
    this.duplicates = [];
  }

  /** block tracks a blocked eval; `token` is set when a worker reblocks an eval it holds. */
  block(evaluation: Evaluation, token?: string): void {
    if (!this.lifecycle.running) return;
    if (this.supersededByExisting(evaluation)) return;
    const entry: BlockedEntry = { eval: evaluation, token };
    if (this.missedUnblock(evaluation)) {
      this.release([entry], 'missed-unblock');
      return;
    }
    this.jobs.set(jobKey(evaluation.Namespace, evaluation.JobID), evaluation.ID);
    const escaped = evaluation.EscapedComputedClass === true;
    if (escaped) {
      this.escaped.set(evaluation.ID, entry);
    } else {
      this.captured.set(evaluation.ID, entry);
      if (evaluation.NodeID !== undefined && evaluation.NodeID !== '' && (evaluation.Type === 'system' || evaluation.Type === 'sysbatch')) {
        const set = this.byNode.get(evaluation.NodeID) ?? new Set<string>();
        set.add(evaluation.ID);
        this.byNode.set(evaluation.NodeID, set);
      }
    }
    this.events.emit('blocked', evaluation, escaped);
  }

  /** reblock is `block` with the token of the worker's outstanding delivery. */
  reblock(evaluation: Evaluation, token: string): void {
    this.block(evaluation, token);
  }

  /**
   * unblock reports new capacity on nodes of `computedClass` at state `index`: releases every
   * escaped eval and every captured eval that did not mark the class ineligible (true or
   * absent: it never saw such a node).
   */
  unblock(computedClass: string, index: number): void {
    if (!this.lifecycle.running) return;
    this.unblockIndexes.set(computedClass, { index, atMs: this.clock.now() });
    const released: BlockedEntry[] = [];
    for (const [id, entry] of this.escaped) {
      released.push(entry);
      this.forget(id);
    }
    for (const [id, entry] of this.captured) {
      if (entry.eval.ClassEligibility?.[computedClass] === false) continue;
      released.push(entry);
      this.forget(id);
    }
    this.release(released, 'unblock');
  }

  /** unblockNode releases blocked system evals bound to `nodeId` (capacity changed there). */
  unblockNode(nodeId: string): void {
    if (!this.lifecycle.running) return;
    const ids = this.byNode.get(nodeId);
    if (ids === undefined) return;
    const released: BlockedEntry[] = [];
    for (const id of [...ids]) {
      const entry = this.captured.get(id);
      if (entry !== undefined) released.push(entry);
      this.forget(id);
    }
    this.release(released, 'node');
  }

  /** untrack stops tracking a job's blocked eval (an eval of the job completed cleanly). */
  untrack(namespace: string, jobId: string): void {
    const id = this.jobs.get(jobKey(namespace, jobId));
    if (id !== undefined) this.forget(id);
  }

  /** unblockFailed releases evals blocked after exhausting plan attempts (leader, every 1 m). */
  unblockFailed(): void {
    if (!this.lifecycle.running) return;
    const released: BlockedEntry[] = [];
    for (const map of [this.captured, this.escaped]) {
      for (const [id, entry] of map) {
        if (entry.eval.TriggeredBy !== 'max-plan-attempts') continue;
        released.push(entry);
        this.forget(id);
      }
    }
    this.release(released, 'failed');
  }

  /** takeDuplicates removes and returns superseded blocked evals (leader writes them canceled). */
  takeDuplicates(): Evaluation[] {
    const d = this.duplicates;
    this.duplicates = [];
    return d;
  }

  /** pruneUnblockIndexes forgets unblock indexes older than `maxAgeMs` (Nomad: 15 min, every
   * 5 min) so the map does not grow with every class ever seen. */
  pruneUnblockIndexes(maxAgeMs = 15 * 60_000): void {
    const cutoff = this.clock.now() - maxAgeMs;
    for (const [cls, v] of this.unblockIndexes) if (v.atMs < cutoff) this.unblockIndexes.delete(cls);
  }

  /** has tells whether an eval ID is tracked. */
  has(evalId: string): boolean {
    return this.captured.has(evalId) || this.escaped.has(evalId);
  }

  /** stats counts tracked evals. */
  stats(): BlockedStats {
    return {
      totalBlocked: this.captured.size + this.escaped.size,
      totalEscaped: this.escaped.size,
      totalCaptured: this.captured.size,
      totalDuplicates: this.duplicates.length,
    };
  }

  /** supersededByExisting keeps one blocked eval per job; returns true when `incoming` is the
   * older one (then it is recorded as a duplicate and not tracked). */
  private supersededByExisting(incoming: Evaluation): boolean {
    const existingId = this.jobs.get(jobKey(incoming.Namespace, incoming.JobID));
    if (existingId === undefined || existingId === incoming.ID) {
      if (existingId === incoming.ID) this.forget(existingId);
      return false;
    }
    const existing = this.captured.get(existingId) ?? this.escaped.get(existingId);
    if (existing === undefined) {
      this.jobs.delete(jobKey(incoming.Namespace, incoming.JobID));
      return false;
    }
    if (latestIndex(existing.eval) <= latestIndex(incoming)) {
      this.forget(existingId);
      this.duplicates.push(existing.eval);
      this.events.emit('duplicate', existing.eval);
      return false;
    }
    this.duplicates.push(incoming);
    this.events.emit('duplicate', incoming);
    return true;
  }

  private missedUnblock(e: Evaluation): boolean {
    const snapshot = e.SnapshotIndex ?? 0;
    let newest = 0;
    for (const [cls, { index }] of this.unblockIndexes) {
      newest = Math.max(newest, index);
      if (snapshot >= index) continue;
      const eligible = e.ClassEligibility?.[cls];
      if (eligible === undefined || eligible) return true;
    }
    return e.EscapedComputedClass === true && snapshot < newest;
  }

  private forget(evalId: string): void {
    const entry = this.captured.get(evalId) ?? this.escaped.get(evalId);
    this.captured.delete(evalId);
    this.escaped.delete(evalId);
    if (entry === undefined) return;
    const key = jobKey(entry.eval.Namespace, entry.eval.JobID);
    if (this.jobs.get(key) === evalId) this.jobs.delete(key);
    const nodeId = entry.eval.NodeID;
    if (nodeId !== undefined) {
      const set = this.byNode.get(nodeId);
      set?.delete(evalId);
      if (set?.size === 0) this.byNode.delete(nodeId);
    }
  }

  private release(entries: readonly BlockedEntry[], reason: 'unblock' | 'missed-unblock' | 'node' | 'failed'): void {
    if (entries.length === 0) return;
    this.options.enqueue(entries);
    this.events.emit('released', entries.map((e) => e.eval), reason);
  }
}
