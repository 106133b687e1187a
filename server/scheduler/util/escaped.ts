/**
 * Escaped constraints (reference §1.4): a constraint on a node-unique value cannot be judged per
 * computed node class, so a blocked eval of such a job is released by any capacity change.
 */
import type { Constraint, Job } from '../../../api/structs/index.js';

const UNIQUE_PREFIXES = ['${unique.', '${node.unique.', '${attr.unique.', '${meta.unique.'];

function escapes(c: Constraint): boolean {
  return UNIQUE_PREFIXES.some((p) => c.LTarget.startsWith(p) || c.RTarget.startsWith(p));
}

/** hasEscapedConstraints: any job, group or task constraint targets a `unique.` value. */
export function hasEscapedConstraints(job: Job): boolean {
  const all: Constraint[] = [...(job.Constraints ?? [])];
  for (const tg of job.TaskGroups) {
    all.push(...(tg.Constraints ?? []));
    for (const task of tg.Tasks) all.push(...(task.Constraints ?? []));
  }
  return all.some(escapes);
}
