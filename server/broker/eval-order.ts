/**
 * Orderings of evaluations inside the broker's heaps.
 */
import type { Evaluation } from '../../api/structs/index.js';

/** readyBefore orders a ready queue: higher Priority first, then lower CreateIndex (FIFO). */
export function readyBefore(a: Evaluation, b: Evaluation): boolean {
  if (a.Priority !== b.Priority) return a.Priority > b.Priority;
  return a.CreateIndex < b.CreateIndex;
}

/** pendingBefore orders a job's pending heap: higher Priority first, then the most recently
 * modified (highest ModifyIndex), which is the eval that best reflects the job's intent. */
export function pendingBefore(a: Evaluation, b: Evaluation): boolean {
  if (a.Priority !== b.Priority) return a.Priority > b.Priority;
  return a.ModifyIndex > b.ModifyIndex;
}

/** jobKey identifies a job across namespaces (the broker serialises evals per job key). */
export function jobKey(namespace: string, jobId: string): string {
  return `${namespace}\u0000${jobId}`;
}
