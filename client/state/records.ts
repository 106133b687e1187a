/**
 * The records the client persists for every allocation it runs. Together they are enough to
 * rebuild an alloc runner after kill -9 and reattach running tasks without restarting them.
 */
import type { TaskState } from '../../api/structs/index.js';
import type { TaskHandle } from '../../plugins/driver.js';
import type { ClientAlloc } from '../types.js';

/** RestartTrackerState is the durable part of a task's restart policy window. */
export interface RestartTrackerState {
  /** Unix ms when the current interval window started. */
  windowStartMs: number;
  /** Restarts counted inside the current window. */
  countInWindow: number;
}

/** TaskLocalState is everything the client keeps about one task between restarts. */
export interface TaskLocalState {
  /** The driver handle of the running task; absent when not started or after it exited. */
  handle?: TaskHandle;
  /** The task's state as reported to servers (Restarts survives agent restarts). */
  taskState: TaskState;
  /** Per-hook persisted state, keyed by hook name (e.g. `{ done: true }`). */
  hookState: Record<string, Record<string, unknown>>;
  restart: RestartTrackerState;
  /** True once the task runner will never run the task again. */
  runComplete: boolean;
}

/** AllocRecord is one persisted allocation. */
export interface AllocRecord {
  alloc: ClientAlloc;
  tasks: Record<string, TaskLocalState>;
  /** Unix ms when the alloc became terminal on this client (drives GC). */
  terminalAtMs?: number;
  /** True once the alloc dir was destroyed by GC (record kept only until the server forgets it). */
  destroyed?: boolean;
}
