/**
 * Fixtures of the generic scheduler scenarios: a harness with N mock nodes and helpers to
 * register a job and run one evaluation of it through the real scheduler and placement stack.
 */
import type { Evaluation, EvalTrigger, Job, Node } from '../../api/structs/index.js';
import { schedulerFor } from '../../server/scheduler/factory.js';
import { Harness } from './index.js';
import type { HarnessOptions } from './index.js';
import { mockEval, mockNode } from '../mock/index.js';

/** clusterOf returns a harness holding `n` mock nodes with stable IDs. */
export function clusterOf(n: number, options: HarnessOptions = {}, node: Partial<Node> = {}): { h: Harness; nodes: Node[] } {
  const h = new Harness(options);
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push(h.state.upsertNode(mockNode({ ID: `00000000-0000-4000-a000-${i.toString(16).padStart(12, '0')}`, ...node })));
  }
  return { h, nodes };
}

/** evaluate stores an evaluation of `job` (by `trigger`) and processes it with the job type's
 * scheduler; returns the evaluation as submitted. */
export async function evaluate(h: Harness, job: Job, trigger: EvalTrigger = 'job-register', overrides: Partial<Evaluation> = {}): Promise<Evaluation> {
  const stored = h.state.job(job.Namespace, job.ID) ?? job;
  const evaluation = h.state.upsertEval(mockEval({
    ID: h.nextId(), JobID: job.ID, Namespace: job.Namespace, Priority: job.Priority, Type: job.Type, TriggeredBy: trigger,
    JobModifyIndex: stored.JobModifyIndex, ...overrides,
  }));
  await h.process(schedulerFor(job.Type), evaluation);
  return evaluation;
}

/** register stores `job` and processes its `job-register` evaluation. */
export async function register(h: Harness, job: Job): Promise<Evaluation> {
  const stored = h.state.upsertJob(job);
  return evaluate(h, stored);
}

/** countBy counts values. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
