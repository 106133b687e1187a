/**
 * schedulerFor: the scheduler factory for an evaluation's type (Nomad `BuiltinSchedulers`).
 * `service` and `batch` share the generic scheduler, `system` and `sysbatch` the node-pinned
 * system scheduler; `_core` evaluations belong to the leader's garbage collector, not to a job scheduler.
 */
import { DroverError, assertNever } from '../../api/errors.js';
import type { SchedulerType } from '../../api/structs/index.js';
import type { SchedulerFactory } from './contracts.js';
import { GenericScheduler } from './generic.js';
import { createPlacementStack } from './stack.js';
import { SystemScheduler } from './system.js';

/** serviceScheduler schedules service jobs (5 plan attempts). */
export const serviceScheduler: SchedulerFactory = (state, planner, ctx) =>
  new GenericScheduler(state, planner, ctx, { batch: false, createStack: createPlacementStack });

/** batchScheduler schedules batch jobs (2 plan attempts; completed allocations are kept). */
export const batchScheduler: SchedulerFactory = (state, planner, ctx) =>
  new GenericScheduler(state, planner, ctx, { batch: true, createStack: createPlacementStack });

/** systemScheduler places one allocation per group on every eligible node (5 plan attempts). */
export const systemScheduler: SchedulerFactory = (state, planner, ctx) =>
  new SystemScheduler(state, planner, ctx, { batch: false, createStack: createPlacementStack });

/** sysbatchScheduler is the system scheduler with batch semantics (2 plan attempts; a node that
 * completed the job successfully does not run it again). */
export const sysbatchScheduler: SchedulerFactory = (state, planner, ctx) =>
  new SystemScheduler(state, planner, ctx, { batch: true, createStack: createPlacementStack });

/** schedulerFor returns the factory for `type`; throws DROVER_ERR_SCHEDULER_UNKNOWN for `_core`
 * (the leader's garbage collector, not a job scheduler). */
export function schedulerFor(type: SchedulerType): SchedulerFactory {
  switch (type) {
    case 'service': return serviceScheduler;
    case 'batch': return batchScheduler;
    case 'system': return systemScheduler;
    case 'sysbatch': return sysbatchScheduler;
    case '_core':
      throw new DroverError('DROVER_ERR_SCHEDULER_UNKNOWN', '_core evaluations are processed by the leader, not by a job scheduler', { statusCode: 400, location: 'server/scheduler/factory.ts' });
    default:
      return assertNever(type, 'scheduler type');
  }
}
