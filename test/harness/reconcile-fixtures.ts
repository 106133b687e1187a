/**
 * Fixtures of the reconciler tests: deterministic allocations of the mock job, an input builder
 * and a compact summary of a ReconcileResult that reads well in tables.
 */
import type { Allocation, DesiredUpdates, Job } from '../../api/structs/index.js';
import type { NodeTaint, ReconcileInput, ReconcileResult } from '../../server/scheduler/reconcile/index.js';
import { DEFAULT_NOW } from './index.js';
import { mockAllocFor } from '../mock/index.js';

/** NOW is the reconciler tests' clock (Unix ns). */
export const NOW = DEFAULT_NOW;
/** SECOND in nanoseconds. */
export const SECOND = 1_000_000_000;

/** nodeIdFor returns a stable node ID for node number `n`. */
export function nodeIdFor(n: number): string {
  return `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`;
}

/** allocsOf creates allocations of `job` with name indexes `indexes`, one per node (node i for
 * index i unless `nodeId` is given), running unless overridden. */
export function allocsOf(job: Job, indexes: readonly number[], overrides: Partial<Allocation> = {}): Allocation[] {
  return indexes.map((i) => {
    const nodeId = overrides.NodeID ?? nodeIdFor(i);
    return mockAllocFor(job, { ID: nodeId, Name: `node-${i}` }, i, {
      ID: `a${job.Version}-${i}-${overrides.ClientStatus ?? 'running'}`.padEnd(36, '0'),
      ModifyTime: NOW - 60 * SECOND,
      ...overrides,
    });
  });
}

/** range returns [from, from+1, ..., to-1]. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** inputFor builds a ReconcileInput; `versions` are the stored job versions (default: `job`). */
export function inputFor(job: Job | undefined, allocs: readonly Allocation[], opts: {
  versions?: readonly Job[]; tainted?: Record<string, NodeTaint>; batch?: boolean; evalId?: string; now?: number; jobId?: string;
} = {}): ReconcileInput {
  const versions = opts.versions ?? (job === undefined ? [] : [job]);
  let ids = 0;
  return {
    namespace: 'default',
    jobId: opts.jobId ?? job?.ID ?? 'my-job',
    job,
    jobVersion: (v) => versions.find((j) => j.Version === v),
    existingAllocs: allocs,
    taintedNodes: new Map(Object.entries(opts.tainted ?? {})),
    now: opts.now ?? NOW,
    evalId: opts.evalId ?? 'eval-under-test',
    batch: opts.batch ?? job?.Type === 'batch',
    newId: () => `followup-${++ids}`,
  };
}

/** ResultSummary is a ReconcileResult reduced to sorted allocation names and counters. */
export interface ResultSummary {
  place: string[];
  stop: string[];
  inplace: string[];
  destructive: string[];
  attributeUpdates: string[];
  followupEvals: number;
}

const byIndex = (a: string, b: string): number => Number(/\[(\d+)\]$/.exec(a)?.[1] ?? 0) - Number(/\[(\d+)\]$/.exec(b)?.[1] ?? 0);

/** summarize reduces a result for table assertions. */
export function summarize(result: ReconcileResult): ResultSummary {
  return {
    place: result.place.map((p) => p.name).sort(byIndex),
    stop: result.stop.map((s) => s.alloc.Name).sort(byIndex),
    inplace: result.inplaceUpdate.map((a) => a.Name).sort(byIndex),
    destructive: result.destructiveUpdate.map((d) => d.name).sort(byIndex),
    attributeUpdates: result.attributeUpdates.map((u) => u.alloc.Name).sort(byIndex),
    followupEvals: result.followupEvals.length,
  };
}

/** names lists `my-job.web[i]` for each index. */
export function names(indexes: readonly number[], jobId = 'my-job', group = 'web'): string[] {
  return indexes.map((i) => `${jobId}.${group}[${i}]`);
}

/** desired builds DesiredUpdates with zeros for everything not given. */
export function desired(counts: Partial<DesiredUpdates>): DesiredUpdates {
  return { Ignore: 0, Place: 0, Migrate: 0, Stop: 0, InPlaceUpdate: 0, DestructiveUpdate: 0, Canary: 0, Preemptions: 0, ...counts };
}
