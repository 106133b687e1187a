/**
 * DequeueWaiters: the broker's blocked `dequeue` calls. A waiter is served (oldest first) when
 * a matching eval becomes ready, or resolves undefined on its timeout or abort signal.
 */
import type { BrokerQueue, Delivery } from './broker-types.js';
import type { Clock } from './clock.js';

interface Waiter {
  readonly queues: readonly BrokerQueue[];
  readonly resolve: (delivery: Delivery | undefined) => void;
  readonly reject: (err: Error) => void;
  cleanup: () => void;
}

/** DequeueWaiters: see the file comment. */
export class DequeueWaiters {
  private waiters: Waiter[] = [];

  constructor(private readonly clock: Clock) {}

  /** wait parks a dequeue for `queues` up to `timeoutMs` (<= 0: no timeout). */
  wait(queues: readonly BrokerQueue[], timeoutMs: number, signal?: AbortSignal): Promise<Delivery | undefined> {
    if (signal?.aborted === true) return Promise.resolve(undefined);
    return new Promise<Delivery | undefined>((resolve, reject) => {
      const waiter: Waiter = { queues, resolve, reject, cleanup: () => {} };
      const timer = timeoutMs > 0 ? this.clock.setTimer(() => this.drop(waiter), timeoutMs) : undefined;
      const onAbort = (): void => this.drop(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.cleanup = () => {
        if (timer !== undefined) this.clock.clearTimer(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.waiters.push(waiter);
    });
  }

  /** serve offers work to waiters, oldest first; `deliver` returns a delivery for a waiter's
   * queues or undefined when none of them has work. */
  serve(deliver: (queues: readonly BrokerQueue[]) => Delivery | undefined): void {
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i] as Waiter;
      const delivery = deliver(waiter.queues);
      if (delivery === undefined) {
        i++;
        continue;
      }
      this.waiters.splice(i, 1);
      waiter.cleanup();
      waiter.resolve(delivery);
    }
  }

  /** rejectAll fails every waiter with `err` (broker disabled). */
  rejectAll(err: () => Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w.cleanup();
      w.reject(err());
    }
  }

  private drop(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    waiter.cleanup();
    waiter.resolve(undefined);
  }
}
