/**
 * Leader: everything a region's leader runs (Nomad's establishLeadership) — the eval broker and
 * blocked-eval tracker (restored from the store), the plan queue and plan applier, heartbeat
 * timers, and the reapers that write failed, canceled and duplicate evaluations.
 *
 * Lifecycle: `establish()` when leadership is won, `revoke()` when it is lost. Everything here
 * is in memory and rebuilt from the store by the next leader, so nothing acknowledged is lost.
 */
import { DroverError } from '../../api/errors.js';
import type { Allocation, Evaluation, Plan, PlanResult } from '../../api/structs/index.js';
import { BlockedEvals } from '../broker/blocked-evals.js';
import type { Delivery } from '../broker/broker-types.js';
import { FAILED_QUEUE } from '../broker/broker-types.js';
import { EvalBroker } from '../broker/eval-broker.js';
import type { ServerCore } from '../core.js';
import { newEvalFor } from '../endpoints/evals.js';
import { setNodeStatus } from '../endpoints/nodes.js';
import { PlanApplier } from '../plan/applier.js';
import { PlanQueue } from '../plan/plan-queue.js';
import type { WorkerHandlers } from '../worker/pool.js';
import type { HeartbeatConfig } from './heartbeats.js';
import { Heartbeats } from './heartbeats.js';
import { applyStateHooks } from './state-hooks.js';

/** withStoredMetrics gives an existing allocation whose record came from a worker replica
 * (which does not keep Metrics) its stored Metrics back, so a stop or in-place update never
 * erases the placement explanation. */
function withStoredMetrics(core: ServerCore, a: Allocation): Allocation {
  if (a.Metrics !== undefined) return a;
  const stored = core.store.allocById(a.ID)?.Metrics;
  return stored === undefined ? a : { ...a, Metrics: stored };
}

/** LeaderOptions tune the leader's loops. */
export interface LeaderOptions {
  heartbeat: HeartbeatConfig;
  /** How often reapers run (Nomad: 5 s for cancelable evals). */
  reapIntervalMs?: number;
  /** Plan commits outstanding at once (Nomad's plan_apply_pipeline; default 1). */
  planApplyPipeline?: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Leader owns the leader-only components. */
export class Leader {
  readonly broker: EvalBroker;
  readonly blocked: BlockedEvals;
  readonly planQueue = new PlanQueue();
  readonly applier: PlanApplier;
  readonly heartbeats: Heartbeats;
  private readonly handledBlocked = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private active = false;

  constructor(private readonly core: ServerCore, private readonly opts: LeaderOptions) {
    this.broker = new EvalBroker({ waitIndexFor: (e) => this.waitIndexFor(e) });
    this.blocked = new BlockedEvals({ enqueue: (entries) => this.broker.enqueueAll(entries) });
    this.applier = new PlanApplier({
      queue: this.planQueue,
      getState: () => core.store,
      maxPipelineDepth: opts.planApplyPipeline ?? 1,
      commit: async (result) => {
        const allocs = [...Object.values(result.NodeUpdate).flat(), ...Object.values(result.NodeAllocation).flat()].map((a) => withStoredMetrics(core, a));
        return { index: await core.apply({ type: 'plan.apply', allocs, evals: [] }) };
      },
    });
    this.heartbeats = new Heartbeats(opts.heartbeat, (nodeId) => {
      if (!this.active) return;
      setNodeStatus(core, nodeId, 'down', 'Node heartbeat missed').catch((err: unknown) => opts.log('warn', `marking node ${nodeId} down: ${String(err)}`));
    });
  }

  /** isActive: this server currently leads. */
  get isActive(): boolean {
    return this.active;
  }

  /** establish restores the broker from the store and starts every leader loop. */
  establish(): void {
    this.active = true;
    this.broker.enable();
    this.blocked.enable();
    this.planQueue.enable();
    this.applier.start();
    this.unsubscribe = this.core.store.onApply((batch) => applyStateHooks({ store: this.core.store, broker: this.broker, blocked: this.blocked, handledBlocked: this.handledBlocked }, batch));
    const { blocked } = this.broker.restore(this.core.store.allEvals());
    for (const e of blocked) this.blocked.block(e);
    this.heartbeats.resetAllForFailover(this.core.store.nodes().filter((n) => n.Status !== 'down').map((n) => n.ID));
    const every = this.opts.reapIntervalMs ?? 5_000;
    this.timers = [
      setInterval(() => void this.reapCancelable(), every),
      setInterval(() => this.blocked.unblockFailed(), 60_000),
    ];
    for (const t of this.timers) t.unref();
    void this.reapFailed();
  }

  /** revoke stops every leader loop and flushes in-memory queues. */
  async revoke(): Promise<void> {
    this.active = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.unsubscribe?.();
    this.heartbeats.stop();
    this.planQueue.disable();
    await this.applier.stop();
    this.blocked.disable();
    this.broker.disable();
  }

  /** Nomad's wait index: the highest ModifyIndex over the job's evaluations. */
  private waitIndexFor(e: Evaluation): number {
    let max = e.ModifyIndex;
    for (const other of this.core.store.evalsByJob(e.Namespace, e.JobID)) max = Math.max(max, other.ModifyIndex);
    return max;
  }

  /** workerHandlers answers the scheduler workers' calls. */
  workerHandlers(): WorkerHandlers {
    return {
      dequeue: (schedulers, timeoutMs, signal) => this.broker.dequeue(schedulers as Delivery['eval']['Type'][], timeoutMs, signal),
      submitPlan: (plan) => this.submitPlan(plan),
      upsertEval: (e, token, kind) => this.upsertEvalFromWorker(e, token, kind),
      complete: (id, token, e) => this.complete(id, token, e),
      nack: (id, token) => this.broker.nack(id, token),
      log: (level, message) => this.opts.log(level, message),
    };
  }

  /** submitPlan queues a worker's plan; the eval's nack timer is paused while it waits. */
  async submitPlan(plan: Plan): Promise<PlanResult> {
    this.mustHoldToken(plan.EvalID, plan.EvalToken);
    this.broker.pauseNackTimeout(plan.EvalID, plan.EvalToken);
    try {
      return await this.planQueue.enqueue(plan);
    } finally {
      if (this.broker.outstanding(plan.EvalID) === plan.EvalToken) this.broker.resumeNackTimeout(plan.EvalID, plan.EvalToken);
    }
  }

  private async upsertEvalFromWorker(e: Evaluation, token: string, kind: 'update' | 'create' | 'reblock'): Promise<number> {
    if (kind === 'update') this.mustHoldToken(e.ID, token);
    if (kind === 'reblock') {
      this.handledBlocked.add(e.ID);
      const index = await this.core.apply({ type: 'eval.upsert', evals: [e] });
      this.blocked.reblock({ ...e, ModifyIndex: index }, token);
      return index;
    }
    return this.core.apply({ type: 'eval.upsert', evals: [e] });
  }

  /** complete writes a delivery's final evaluation update (when given) and acks it once the
   * update is durable; a failed write nacks, so the broker delivers the evaluation again. */
  private async complete(evalId: string, token: string, e: Evaluation | undefined): Promise<void> {
    this.mustHoldToken(evalId, token);
    try {
      if (e !== undefined) await this.core.apply({ type: 'eval.upsert', evals: [e] });
    } catch (err) {
      if (this.broker.outstanding(evalId) === token) this.broker.nack(evalId, token);
      throw err;
    }
    this.broker.ack(evalId, token);
  }

  private mustHoldToken(evalId: string, token: string): void {
    if (this.broker.outstanding(evalId) !== token) {
      throw new DroverError('DROVER_ERR_EVAL_TOKEN_MISMATCH', `evaluation ${evalId}: token does not match the outstanding delivery`, { statusCode: 409 });
    }
  }

  /** Writes superseded pending evals and duplicate blocked evals as canceled. */
  private async reapCancelable(): Promise<void> {
    const stale = [...this.broker.takeCancelable(), ...this.blocked.takeDuplicates()];
    if (stale.length === 0) return;
    const now = this.core.now();
    const evals = stale.map((e) => ({ ...e, Status: 'canceled' as const, StatusDescription: 'canceled after more recent eval was processed', ModifyTime: now }));
    await this.core.apply({ type: 'eval.upsert', evals }).catch((err: unknown) => this.opts.log('warn', `reaping canceled evals: ${String(err)}`));
  }

  /** Evals that reached the delivery limit: mark failed, create a delayed follow-up, ack. */
  private async reapFailed(): Promise<void> {
    while (this.active) {
      const d = await this.broker.dequeue([FAILED_QUEUE], 1_000).catch(() => undefined);
      if (!d) continue;
      const now = this.core.now();
      const failed: Evaluation = { ...d.eval, Status: 'failed', StatusDescription: 'evaluation reached delivery limit (3)', ModifyTime: now };
      const evals: Evaluation[] = [failed];
      if (d.eval.Type !== '_core') {
        const waitNs = (60_000 + Math.floor(Math.random() * 300_000)) * 1_000_000;
        evals.push(newEvalFor(this.core, { Namespace: d.eval.Namespace, ID: d.eval.JobID, Priority: d.eval.Priority, Type: d.eval.Type as 'service' }, 'failed-follow-up', { Wait: waitNs, PreviousEval: d.eval.ID }));
      }
      try {
        await this.core.apply({ type: 'eval.upsert', evals });
        this.broker.ack(d.eval.ID, d.token);
      } catch (err) {
        this.opts.log('warn', `reaping failed eval ${d.eval.ID}: ${String(err)}`);
      }
    }
  }
}
