/**
 * Task lifecycle phases (reference §6.5): which tasks start when.
 *
 *   prestart (ephemeral + sidecar) ─► main ─► poststart ─► [main all dead] ─► poststop
 *
 * main starts once every prestart ephemeral task exited successfully and every prestart sidecar
 * is running; poststart starts once every main task is running (or already dead); poststop starts
 * once every main task is dead. Sidecars are killed when the main tasks are done.
 */
import type { Task } from '../../api/structs/index.js';

/** LifecyclePhase groups a task by its `lifecycle` block. */
export type LifecyclePhase = 'prestart' | 'main' | 'poststart' | 'poststop';

/** phaseOf returns the task's phase. */
export function phaseOf(task: Pick<Task, 'Lifecycle'>): LifecyclePhase {
  const hook = task.Lifecycle?.Hook;
  switch (hook) {
    case undefined: return 'main';
    case 'prestart': return 'prestart';
    case 'poststart': return 'poststart';
    case 'poststop': return 'poststop';
    default: {
      const never: never = hook;
      return never;
    }
  }
}

/** isSidecar: the task keeps running beside the main tasks. */
export function isSidecar(task: Pick<Task, 'Lifecycle'>): boolean {
  return task.Lifecycle?.Sidecar === true;
}
