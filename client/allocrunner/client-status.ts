/**
 * allocClientStatus: the alloc's ClientStatus derived from its task states (Nomad's
 * getClientStatus): any failed -> failed; any running -> running; any pending -> pending;
 * all dead and none failed -> complete.
 */
import type { AllocClientStatus, TaskState } from '../../api/structs/index.js';

/** allocClientStatus returns the status and Nomad's description. */
export function allocClientStatus(states: readonly TaskState[]): { status: AllocClientStatus; description: string } {
  if (states.some((s) => s.State === 'dead' && s.Failed)) return { status: 'failed', description: 'Failed tasks' };
  if (states.some((s) => s.State === 'running')) return { status: 'running', description: 'Tasks are running' };
  if (states.some((s) => s.State === 'pending')) return { status: 'pending', description: 'No tasks have started' };
  return { status: 'complete', description: 'All tasks have completed' };
}
