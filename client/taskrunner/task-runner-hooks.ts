/**
 * Running a task's hooks (Nomad's task_runner_hooks.go): the prestart hooks in their order,
 * each skipped once it persisted `done`, and the stop hooks, which always all run.
 */
import { isPrestartHook, isStopHook } from './hooks/hook.js';
import type { TaskHook, TaskHookContext } from './hooks/hook.js';

/** runPrestartHooks runs the prestart hooks in order. A hook whose persisted state (in
 * `states`, by hook name) says `done` is skipped; a hook's returned state and `done` are
 * recorded there. Stops after the hook during which `ctx.signal` aborted. */
export async function runPrestartHooks(hooks: readonly TaskHook[], ctx: TaskHookContext, states: Record<string, Record<string, unknown>>): Promise<void> {
  for (const hook of hooks) {
    if (!isPrestartHook(hook)) continue;
    const prev = states[hook.name];
    if (prev?.['done'] === true) continue;
    const res = await hook.prestart(ctx, prev);
    if (res !== undefined && (res.done === true || res.state !== undefined)) {
      states[hook.name] = { ...(res.state ?? {}), done: res.done === true };
    }
    if (ctx.signal.aborted) return;
  }
}

/** runStopHooks runs every stop hook in order; a hook that throws is reported to `onError` and
 * the others still run (stop hooks are idempotent and always run). */
export async function runStopHooks(hooks: readonly TaskHook[], ctx: TaskHookContext, reason: 'task-dead' | 'agent-shutdown', onError: (hook: string, error: unknown) => void): Promise<void> {
  for (const hook of hooks) {
    if (!isStopHook(hook)) continue;
    try {
      await hook.stop(ctx, reason);
    } catch (e) {
      onError(hook.name, e);
    }
  }
}
