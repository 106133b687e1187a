/**
 * AttemptScheduler: the frame of `process()` shared by the generic and system schedulers.
 *
 *   process(eval)
 *     trigger not handled?  ─► eval failed
 *     runPlanAttempts(limit, attempt)      (subclass: reconcile ─► place ─► submit)
 *       done       ─► finish(eval)         (default: eval complete)
 *       exhausted  ─► onExhausted(eval) ─► eval failed "maximum attempts reached"
 *
 * Subclasses own what an attempt does; the final evaluation update is written here, so both
 * schedulers record queued allocations, failures and the blocked eval the same way.
 */
import type { AllocMetric, EvalStatus, EvalTrigger, Evaluation } from '../../api/structs/index.js';
import type { Planner, Scheduler, SchedulerContext, SchedulerState } from './contracts.js';
import { evaluationWithOutcome, runPlanAttempts } from './generic-loop.js';
import type { AttemptOutcome } from './generic-loop.js';

/** AttemptScheduler processes one evaluation through retried plan attempts. */
export abstract class AttemptScheduler implements Scheduler {
  /** failedTGAllocs: group -> metric of the placements that failed in the last attempt. */
  protected failedTGAllocs: Record<string, AllocMetric> = {};
  /** queued: group -> placements still wanted after the last attempt. */
  protected queued: Record<string, number> = {};

  constructor(protected state: SchedulerState, protected readonly planner: Planner, protected readonly ctx: SchedulerContext) {}

  /** handles is whether this scheduler processes evaluations with `trigger`. */
  protected abstract handles(trigger: EvalTrigger): boolean;

  /** attemptLimit is the number of consecutive attempts without progress before the eval fails
   * (overridden by `ctx.maxPlanAttempts`). */
  protected abstract attemptLimit(): number;

  /** attempt plans once on `this.state` and submits. */
  protected abstract attempt(evaluation: Evaluation): Promise<AttemptOutcome>;

  /** blockedEvalId is the blocked eval this evaluation created, recorded on its final update. */
  protected abstract blockedEvalId(): string | undefined;

  async process(evaluation: Evaluation): Promise<void> {
    if (!this.handles(evaluation.TriggeredBy)) {
      await this.setStatus(evaluation, 'failed', `scheduler cannot handle '${evaluation.TriggeredBy}' evaluation reason`);
      return;
    }
    const limit = this.ctx.maxPlanAttempts ?? this.attemptLimit();
    const ending = await runPlanAttempts(limit, () => this.attempt(evaluation), (state) => { this.state = state; });
    if (ending === 'done') return this.finish(evaluation);
    await this.onExhausted(evaluation);
    await this.setStatus(evaluation, 'failed', `maximum attempts reached (${limit})`);
  }

  /** finish runs when an attempt reported done: the eval is complete. */
  protected async finish(evaluation: Evaluation): Promise<void> {
    await this.setStatus(evaluation, 'complete', '');
  }

  /** onExhausted runs before the eval is failed for running out of attempts. */
  protected async onExhausted(_evaluation: Evaluation): Promise<void> {}

  /** setStatus writes the evaluation's final update with this run's outcome. */
  protected async setStatus(evaluation: Evaluation, status: EvalStatus, description: string): Promise<void> {
    await this.planner.updateEval(evaluationWithOutcome(evaluation, {
      status, description, queued: this.queued, failedTGAllocs: this.failedTGAllocs,
      blockedEvalId: this.blockedEvalId(), snapshotIndex: this.state.index, now: this.ctx.now(),
    }));
  }
}
