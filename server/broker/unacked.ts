/**
 * UnackedDeliveries: the broker's outstanding deliveries (dequeued, neither acked nor nacked)
 * and their nack timers. A delivery whose timer fires is handed to `onTimeout` (the broker nacks
 * it); a timer is paused while the eval's plan waits in the plan queue, so a slow plan applier
 * does not count against the worker.
 */
import type { Evaluation } from '../../api/structs/index.js';
import { DroverError } from '../../api/errors.js';
import type { Clock, TimerHandle } from './clock.js';

/** Unacked is one outstanding delivery. `nackTimer` is undefined while paused or expired. */
export interface Unacked {
  readonly eval: Evaluation;
  readonly token: string;
  nackTimer: TimerHandle | undefined;
}

/** UnackedDeliveries tracks one delivery per eval ID (see the file comment). */
export class UnackedDeliveries {
  private readonly byEval = new Map<string, Unacked>();

  constructor(private readonly clock: Clock, private readonly timeoutMs: number, private readonly onTimeout: (u: Unacked) => void) {}

  /** size is the number of outstanding deliveries. */
  get size(): number {
    return this.byEval.size;
  }

  /** values lists the outstanding deliveries. */
  values(): IterableIterator<Unacked> {
    return this.byEval.values();
  }

  /** token returns the token of the eval's current delivery, or undefined. */
  token(evalId: string): string | undefined {
    return this.byEval.get(evalId)?.token;
  }

  /** add records a new delivery and starts its nack timer. */
  add(evaluation: Evaluation, token: string): void {
    this.byEval.set(evaluation.ID, { eval: evaluation, token, nackTimer: this.startTimer(evaluation.ID, token) });
  }

  /** must returns the delivery `token` of `evalId`; throws DROVER_ERR_EVAL_NOT_OUTSTANDING (404)
   * when there is none, DROVER_ERR_EVAL_TOKEN_MISMATCH (409) when the token is another's. */
  must(evalId: string, token: string): Unacked {
    const u = this.byEval.get(evalId);
    if (u === undefined) {
      throw new DroverError('DROVER_ERR_EVAL_NOT_OUTSTANDING', `evaluation ${evalId} is not outstanding (never dequeued, already acked/nacked, or its nack timeout expired)`, { statusCode: 404, location: evalId });
    }
    if (u.token !== token) {
      throw new DroverError('DROVER_ERR_EVAL_TOKEN_MISMATCH', `token does not match the outstanding delivery of evaluation ${evalId}`, { statusCode: 409, location: evalId });
    }
    return u;
  }

  /** reset restarts a running nack timer (the worker is alive); a paused one stays paused. */
  reset(evalId: string, token: string): void {
    const u = this.must(evalId, token);
    if (u.nackTimer === undefined) return; // paused: resume restarts it
    this.clock.clearTimer(u.nackTimer);
    u.nackTimer = this.startTimer(evalId, token);
  }

  /** pause stops the nack timer. */
  pause(evalId: string, token: string): void {
    const u = this.must(evalId, token);
    if (u.nackTimer !== undefined) this.clock.clearTimer(u.nackTimer);
    u.nackTimer = undefined;
  }

  /** resume restarts the nack timer with the full timeout. */
  resume(evalId: string, token: string): void {
    const u = this.must(evalId, token);
    if (u.nackTimer !== undefined) this.clock.clearTimer(u.nackTimer);
    u.nackTimer = this.startTimer(evalId, token);
  }

  /** remove ends a delivery: its timer stops and it is forgotten. */
  remove(u: Unacked): void {
    if (u.nackTimer !== undefined) this.clock.clearTimer(u.nackTimer);
    this.byEval.delete(u.eval.ID);
  }

  /** clear stops every timer and forgets every delivery. */
  clear(): void {
    for (const u of this.byEval.values()) if (u.nackTimer !== undefined) this.clock.clearTimer(u.nackTimer);
    this.byEval.clear();
  }

  private startTimer(evalId: string, token: string): TimerHandle {
    return this.clock.setTimer(() => {
      const u = this.byEval.get(evalId);
      if (u === undefined || u.token !== token) return;
      u.nackTimer = undefined;
      this.onTimeout(u);
    }, this.timeoutMs);
  }
}
