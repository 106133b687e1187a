/**
 * logs hook: starts one LogRotator per stream and hands the driver the live files to write to
 * (`logs { disabled = true }` -> /dev/null). The rotators stop (after a final copy) when the task
 * is dead or the agent shuts down; a restarted agent starts them again and continues.
 */
import { LogRotator } from '../../logs/rotator.js';
import type { PrestartHook, StopHook, TaskHookContext } from './hook.js';

const MB = 1024 * 1024;

/** logsHook keeps its rotators per task instance (alloc ID + task name). */
class LogsHook implements PrestartHook, StopHook {
  readonly name = 'logs';
  private readonly rotators = new Map<string, LogRotator[]>();

  private key(ctx: TaskHookContext): string {
    return `${ctx.alloc.ID}/${ctx.task.Name}`;
  }

  async prestart(ctx: TaskHookContext): Promise<void> {
    if (ctx.task.LogConfig?.Disabled === true) {
      ctx.stdoutPath = '/dev/null';
      ctx.stderrPath = '/dev/null';
      return;
    }
    const key = this.key(ctx);
    let rotators = this.rotators.get(key);
    if (rotators === undefined) {
      const maxFiles = ctx.task.LogConfig?.MaxFiles ?? 10;
      const maxFileSizeBytes = (ctx.task.LogConfig?.MaxFileSizeMB ?? 10) * MB;
      rotators = (['stdout', 'stderr'] as const).map((stream) => new LogRotator({ logDir: ctx.allocDir.logDir, task: ctx.task.Name, stream, maxFiles, maxFileSizeBytes }));
      for (const r of rotators) await r.start();
      this.rotators.set(key, rotators);
    }
    ctx.stdoutPath = rotators[0]?.livePath;
    ctx.stderrPath = rotators[1]?.livePath;
  }

  async stop(ctx: TaskHookContext): Promise<void> {
    const key = this.key(ctx);
    const rotators = this.rotators.get(key);
    this.rotators.delete(key);
    for (const r of rotators ?? []) await r.stop();
  }
}

/** logsHook is shared by all task runners of the process. */
export const logsHook = new LogsHook();
