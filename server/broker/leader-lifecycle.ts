/**
 * LeaderLifecycle: the enable/disable lifecycle shared by the leader-only queues (EvalBroker,
 * BlockedEvals, PlanQueue). They run only while this server is the leader:
 *
 *   initialized --enable--> running --disable--> stopped --enable--> running ...
 *
 * `disable` reports whether the queue was running, so its owner flushes exactly once.
 */

/** LeaderQueueState is the lifecycle state of a leader-only queue. */
export type LeaderQueueState = 'initialized' | 'running' | 'stopped';

/** LeaderLifecycle holds a leader-only queue's state and its transitions. */
export class LeaderLifecycle {
  private current: LeaderQueueState = 'initialized';

  /** state is the lifecycle state. */
  get state(): LeaderQueueState {
    return this.current;
  }

  /** running is true between enable and disable. */
  get running(): boolean {
    return this.current === 'running';
  }

  /** enable moves to `running`; returns false when it already was. */
  enable(): boolean {
    if (this.current === 'running') return false;
    this.current = 'running';
    return true;
  }

  /** disable moves a running queue to `stopped`; returns false (and changes nothing) otherwise. */
  disable(): boolean {
    if (this.current !== 'running') return false;
    this.current = 'stopped';
    return true;
  }
}
