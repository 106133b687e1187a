/** env hook: builds the NOMAD_* environment and interpolates the driver config against it. */
import { DroverError } from '../../../api/errors.js';
import { interpolateValue } from '../interpolate.js';
import { buildTaskEnv } from '../task-env.js';
import type { PrestartHook } from './hook.js';

/** envHook needs task_dir's paths; every later hook may use ctx.env. */
export const envHook: PrestartHook = {
  name: 'env',
  async prestart(ctx) {
    if (ctx.paths === undefined) throw new DroverError('DROVER_ERR_INTERNAL', 'env hook ran before task_dir');
    ctx.env = buildTaskEnv({ alloc: ctx.alloc, task: ctx.task, node: ctx.node, region: ctx.region, allocDir: ctx.allocDir.sharedDir, paths: ctx.paths });
    ctx.driverConfig = interpolateValue(ctx.task.Config, { env: ctx.env, node: ctx.node, region: ctx.region });
  },
};
