/** Shared helpers of the client HTTP routes: alloc lookup by ID or unique prefix, task lookup. */
import { DroverError } from '../../api/errors.js';
import type { ClientAgent } from '../agent.js';
import type { AllocRunner } from '../allocrunner/alloc-runner.js';
import type { TaskRunner } from '../taskrunner/task-runner.js';

/** findAllocRunner resolves a full alloc ID or a unique prefix (>= 4 chars) to a local alloc. */
export function findAllocRunner(agent: ClientAgent, id: string): AllocRunner {
  const exact = agent.allocRunner(id);
  if (exact !== undefined) return exact;
  const matches = id.length >= 4 ? agent.allocRunners().filter((r) => r.id.startsWith(id)) : [];
  const only = matches[0];
  if (matches.length === 1 && only !== undefined) return only;
  if (matches.length > 1) throw new DroverError('DROVER_ERR_AMBIGUOUS_ID', `alloc ID prefix "${id}" matches ${matches.length} allocations`, { statusCode: 400, location: 'alloc_id' });
  throw new DroverError('DROVER_ERR_ALLOC_NOT_FOUND', `unknown allocation "${id}" on this client`, { statusCode: 404, location: 'alloc_id' });
}

/** findTaskRunner returns the named task, or the only task when `task` is empty. */
export function findTaskRunner(runner: AllocRunner, task: string | undefined): TaskRunner {
  const names = runner.taskNames();
  const name = task === undefined || task === '' ? (names.length === 1 ? names[0] : undefined) : task;
  const tr = name === undefined ? undefined : runner.taskRunner(name);
  if (tr === undefined) {
    throw new DroverError('DROVER_ERR_TASK_NOT_FOUND', task === undefined || task === '' ? 'task must be specified (the allocation has several tasks)' : `unknown task "${task}" in allocation`, { statusCode: 400, location: 'task' });
  }
  return tr;
}
