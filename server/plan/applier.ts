/**
 * PlanApplier: the leader's single loop that turns submitted plans into committed results.
 *
 * Guarantee: no committed state ever overcommits a node, whatever the schedulers planned on.
 * Every plan is verified node by node (evaluateNodePlan) against the latest state PLUS the
 * overlay of results already sent to commit but not yet visible in that state; misfit nodes
 * are dropped (partial commit; AllAtOnce plans are dropped whole) and the worker is told the
 * state index to refresh to (RefreshIndex) before retrying the rest.
 *
 * Pipeline (depth 1 by default): while plan N commits, plan N+1 is dequeued and verified against
 * state + overlay(N). Plan N+1's own commit starts only after N's commit settled, so commits
 * reach the store in verification order. Because N's allocations are in the overlay, N+1 can
 * never be verified into a slot N took; if N's commit fails, N+1 was only checked more
 * conservatively than needed. With `maxPipelineDepth` > 1, up to that many commits are
 * outstanding (issued in verification order); the same overlay argument holds for all of them.
 *
 * Contract for `commit`: resolve with the state index of the write once durable; reject only
 * when the write certainly did not happen. An ambiguous outcome (etcd timeout) must not be
 * reported as a rejection: the leader should step down instead (see
 * contributing/decisions/0005-plan-applier-overlay.md).
 */
import type { Plan, PlanResult } from '../../api/structs/index.js';
import { isPlanNoOp } from '../../api/structs/index.js';
import { TypedEvents } from '../broker/typed-events.js';
import type { NodePlanView } from './evaluate-node.js';
import { BaseUsageCache } from './node-base-usage.js';
import { PlanOverlay } from './plan-overlay.js';
import type { OverlayLayer } from './plan-overlay.js';
import type { PendingPlan, PlanQueue } from './plan-queue.js';
import type { NodeRejection } from './verify-plan.js';
import { verifyPlan } from './verify-plan.js';

/** ApplierStateView is the latest leader state the applier verifies against. */
export type ApplierStateView = NodePlanView & { readonly index: number };

/** PlanApplierOptions inject the queue, the state and the commit path. */
export interface PlanApplierOptions {
  queue: PlanQueue;
  /** getState returns the leader's latest state (called once per plan). */
  getState(): ApplierStateView;
  /** commit writes the result durably and resolves with its state index (see file comment). */
  commit(result: PlanResult, plan: Plan): Promise<{ index: number }>;
  /** waitForIndex resolves once getState() reflects at least `index`; used when a plan was
   * made on a newer snapshot than the leader's state. Without it the applier verifies on the
   * state it has (still safe: verification reads the freshest state available). */
  waitForIndex?(index: number, signal: AbortSignal): Promise<void>;
  /** maxPipelineDepth is how many commits may be outstanding at once (Nomad's
   * `plan_apply_pipeline`, default 1). Every plan is still verified against state + the overlay
   * of ALL outstanding commits, so depth > 1 never double-books a node; it lets the KV group
   * several plans into one durable write (one fsync). */
  maxPipelineDepth?: number;
}

/**
 * PlanApplierState is the applier's lifecycle:
 * - `initialized`: constructed, loop not started.
 * - `running`: dequeuing and applying plans.
 * - `draining`: stop() was called; the current plan and in-flight commit finish.
 * - `stopped`: the loop has exited and nothing is in flight.
 */
export type PlanApplierState = 'initialized' | 'running' | 'draining' | 'stopped';

/** PlanApplierEvents are emitted synchronously for metrics and tests. */
export interface PlanApplierEvents {
  /** verified: a plan was checked; `rejected` lists dropped nodes. */
  verified: (plan: Plan, rejected: readonly NodeRejection[]) => void;
  /** committed: a result was written at `index`. */
  committed: (plan: Plan, result: PlanResult) => void;
  /** commitFailed: the commit rejected; the submitter got the error. */
  commitFailed: (plan: Plan, err: unknown) => void;
  /** stateChanged: a lifecycle transition. */
  stateChanged: (state: PlanApplierState) => void;
}

/** PlanApplier: see the file comment. */
export class PlanApplier {
  /** events reports verification and commits. */
  readonly events = new TypedEvents<PlanApplierEvents>();

  private lifecycle: PlanApplierState = 'initialized';
  private readonly overlay = new PlanOverlay();
  private readonly usageCache = new BaseUsageCache();
  private abort = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  /** inflight settles (never rejects) when every outstanding commit has finished. */
  private inflight: Promise<void> = Promise.resolve();
  /** outstanding counts commits started and not yet settled. */
  private outstanding = 0;
  private slotWaiters: Array<() => void> = [];
  private lastCommittedIndex = 0;

  constructor(private readonly options: PlanApplierOptions) {}

  /** state is the lifecycle state. */
  get state(): PlanApplierState {
    return this.lifecycle;
  }

  /** overlaySize is the number of results committed (or committing) but not yet visible. */
  get overlaySize(): number {
    return this.overlay.size;
  }

  /** start runs the loop (leader gained). */
  start(): void {
    if (this.lifecycle === 'running' || this.lifecycle === 'draining') return;
    this.abort = new AbortController();
    this.setState('running');
    this.loop = this.run(this.abort.signal);
  }

  /** stop ends the loop after the current plan; resolves when nothing is in flight. Queued
   * plans stay queued (the leader disables the queue to reject them). */
  async stop(): Promise<void> {
    if (this.lifecycle !== 'running') return;
    this.setState('draining');
    this.abort.abort();
    await this.loop;
    await this.inflight;
    this.setState('stopped');
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const pending = await this.options.queue.dequeue(signal);
      if (pending === undefined) break;
      try {
        await this.applyOne(pending, signal);
      } catch (err) {
        pending.fail(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  /** applyOne verifies one plan, then hands it to the commit pipeline (or answers at once when
   * nothing is left to commit). */
  private async applyOne(pending: PendingPlan, signal: AbortSignal): Promise<void> {
    const plan = pending.plan;
    let state = this.options.getState();
    if (plan.SnapshotIndex > state.index && this.options.waitForIndex !== undefined) {
      await this.options.waitForIndex(plan.SnapshotIndex, signal);
      state = this.options.getState();
    }
    this.overlay.prune(state.index);
    const { result, rejected } = verifyPlan(state, plan, { overlay: this.overlay, cache: this.usageCache });
    this.events.emit('verified', plan, rejected);
    // RefreshIndex must cover what made nodes misfit: the state plus overlay commits.
    const refreshBase = rejected.length > 0 ? Math.max(state.index, this.overlay.highestIndex(), 1) : 0;

    if (isPlanNoOp(result)) {
      if (refreshBase === 0) {
        pending.respond(result);
        return;
      }
      // Rejected nodes may conflict with a commit still in flight: answer after it, so the
      // RefreshIndex includes it and the worker's retry sees it.
      void this.inflight.then(() => pending.respond({ ...result, RefreshIndex: Math.max(refreshBase, this.lastCommittedIndex) }));
      return;
    }

    // Back-pressure: this plan was verified while earlier ones committed; its own commit waits
    // until fewer than maxPipelineDepth are outstanding (depth 1: for the previous one).
    const depth = Math.max(1, this.options.maxPipelineDepth ?? 1);
    while (this.outstanding >= depth) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    const layer = this.overlay.add(result);
    this.outstanding++;
    const settled = this.commitAndRespond(pending, result, layer, refreshBase).finally(() => {
      this.outstanding--;
      this.slotWaiters.shift()?.();
    });
    this.inflight = Promise.all([this.inflight, settled]).then(() => undefined);
  }

  private async commitAndRespond(pending: PendingPlan, result: PlanResult, layer: OverlayLayer, refreshBase: number): Promise<void> {
    try {
      const { index } = await this.options.commit(result, pending.plan);
      this.overlay.settle(layer, index);
      this.lastCommittedIndex = Math.max(this.lastCommittedIndex, index);
      const final: PlanResult = { ...result, AllocIndex: index, RefreshIndex: refreshBase > 0 ? Math.max(refreshBase, index) : 0 };
      this.events.emit('committed', pending.plan, final);
      pending.respond(final);
    } catch (err) {
      this.overlay.remove(layer);
      this.events.emit('commitFailed', pending.plan, err);
      pending.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private setState(state: PlanApplierState): void {
    this.lifecycle = state;
    this.events.emit('stateChanged', state);
  }
}
