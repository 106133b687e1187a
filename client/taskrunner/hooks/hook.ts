/**
 * Task runner hook contracts (style-anchors §1.6, §7(b) point 11): one small interface per
 * phase, one file per hook, one ordered list in hooks/index.ts.
 *
 *   pending ──prestart hooks──► driver.start ──► running ──exit──► (restart: prestart again)
 *                                                            └──► dead ──stop hooks──►
 */
import type { Node, Task, TaskEvent } from '../../../api/structs/index.js';
import type { DriverPlugin } from '../../../plugins/driver.js';
import type { AllocDir, TaskDirPaths } from '../../allocdir/alloc-dir.js';
import type { ClientAlloc } from '../../types.js';

/** HookNodeView is the part of the node hooks may read. */
export type HookNodeView = Pick<Node, 'ID' | 'Name' | 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta'>;

/** TaskSubject is the task a runner runs and its hooks prepare: where it lives and what runs it. */
export interface TaskSubject {
  alloc: ClientAlloc;
  task: Task;
  node: HookNodeView;
  region: string;
  allocDir: AllocDir;
  driver: DriverPlugin | undefined;
}

/** TaskHookContext is shared by the hooks of one task start; hooks fill the later fields. */
export interface TaskHookContext extends TaskSubject {
  /** Set by task_dir. */
  paths?: TaskDirPaths;
  /** Set by env: the task environment. */
  env: Record<string, string>;
  /** Set by env: the interpolated driver config. */
  driverConfig: Record<string, unknown>;
  /** Set by logs: the files the driver writes stdout/stderr to. */
  stdoutPath?: string;
  stderrPath?: string;
  /** Cancelled when the task is killed during prestart. */
  signal: AbortSignal;
  /** Records a task event. */
  emit(event: Omit<TaskEvent, 'Time'>): void;
}

/** HookResult is what a prestart hook may persist: `done` means never run it again for this task. */
export interface HookResult {
  done?: boolean;
  state?: Record<string, unknown>;
}

/** TaskHook names a hook. */
export interface TaskHook {
  readonly name: string;
}

/** PrestartHook runs before every (re)start; it must be idempotent. `previous` is its persisted state. */
export interface PrestartHook extends TaskHook {
  prestart(ctx: TaskHookContext, previous: Record<string, unknown> | undefined): Promise<HookResult | void>;
}

/** StopHook runs when the task runner finishes for good (and on agent shutdown); must be idempotent. */
export interface StopHook extends TaskHook {
  stop(ctx: TaskHookContext, reason: 'task-dead' | 'agent-shutdown'): Promise<void>;
}

/** isPrestartHook narrows a hook by its method. */
export function isPrestartHook(h: TaskHook): h is PrestartHook {
  return typeof (h as Partial<PrestartHook>).prestart === 'function';
}

/** isStopHook narrows a hook by its method. */
export function isStopHook(h: TaskHook): h is StopHook {
  return typeof (h as Partial<StopHook>).stop === 'function';
}
