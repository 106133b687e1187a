/**
 * Task event constructors and the TaskState helpers (Nomad's event types and messages).
 */
import type { TaskEvent, TaskState } from '../../api/structs/index.js';

/** TaskEventType lists the events the client emits. */
export type TaskEventType =
  | 'Received' | 'Task Setup' | 'Started' | 'Terminated' | 'Restarting' | 'Not Restarting'
  | 'Killing' | 'Killed' | 'Sibling Task Failed' | 'Leader Task Dead' | 'Driver Failure'
  | 'Restart Signaled' | 'Signaling' | 'Downloading Artifacts' | 'Setup Failure';

/** MAX_TASK_EVENTS is how many events a TaskState keeps (Nomad keeps the last 10). */
export const MAX_TASK_EVENTS = 10;

/** newTaskState is the state of a task the client has just received. */
export function newTaskState(nowMs: number): TaskState {
  return {
    State: 'pending', Failed: false, Restarts: 0, LastRestart: null, StartedAt: null, FinishedAt: null,
    Events: [taskEvent('Received', 'Task received by client', nowMs)],
  };
}

/** taskEvent builds one event; Time is Unix nanoseconds. */
export function taskEvent(type: TaskEventType, display: string, nowMs: number, extra: Partial<TaskEvent> = {}): TaskEvent {
  return { Type: type, Time: nowMs * 1_000_000, DisplayMessage: display, Message: extra.Message ?? '', Details: {}, ...extra };
}

/** appendEvent adds an event, keeping the last MAX_TASK_EVENTS. */
export function appendEvent(state: TaskState, event: TaskEvent): void {
  state.Events.push(event);
  if (state.Events.length > MAX_TASK_EVENTS) state.Events.splice(0, state.Events.length - MAX_TASK_EVENTS);
}
