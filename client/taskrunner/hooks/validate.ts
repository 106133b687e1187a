/**
 * validate hook: refuses a task the client cannot run at all - unknown or undetected driver
 * (CVE-2019-15928: a disabled driver must never start tasks), or an invalid task name.
 */
import { DroverError } from '../../../api/errors.js';
import type { PrestartHook } from './hook.js';

/** validateHook is first: nothing else runs for an invalid task. */
export const validateHook: PrestartHook = {
  name: 'validate',
  async prestart(ctx) {
    if (ctx.driver === undefined) {
      throw new DroverError('DROVER_ERR_DRIVER_NOT_FOUND', `driver "${ctx.task.Driver}" is not enabled on this client`, { statusCode: 400, location: `Task[${ctx.task.Name}].Driver` });
    }
    ctx.allocDir.taskPaths(ctx.task.Name); // throws DROVER_ERR_TASK_NAME_INVALID
  },
};
