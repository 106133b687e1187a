/** task_dir hook: builds the alloc's shared dirs and the task's local/secrets/tmp dirs. */
import type { PrestartHook } from './hook.js';

/** taskDirHook must run before every hook that writes into the task dir. */
export const taskDirHook: PrestartHook = {
  name: 'task_dir',
  async prestart(ctx) {
    ctx.emit({ Type: 'Task Setup', DisplayMessage: 'Building Task Directory', Message: 'Building Task Directory' });
    await ctx.allocDir.build();
    ctx.paths = await ctx.allocDir.buildTask(ctx.task.Name);
  },
};
