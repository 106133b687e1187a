/**
 * Reconciler and generic-scheduler micro benchmark (no broker, worker or applier):
 *
 *   node dist/bench/reconcile.js --allocs 10000 --nodes 1000 --count 2000
 *
 * Prints one JSON object: reconcile time (median of 7 warm runs) for a group of `allocs`
 * allocations in three shapes (steady state, scale down by half, destructive update) and the time of one generic-scheduler
 * evaluation placing `count` allocations on `nodes` mock nodes through the harness.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Allocation, Job } from '../api/structs/index.js';
import { serviceScheduler } from '../server/scheduler/factory.js';
import { reconcile } from '../server/scheduler/reconcile/index.js';
import { Harness } from '../test/harness/index.js';
import { mockAllocFor, mockEval, mockJob, mockNode, mockTask, withGroup } from '../test/mock/index.js';

const { values } = parseArgs({
  options: {
    allocs: { type: 'string', default: '10000' },
    nodes: { type: 'string', default: '1000' },
    count: { type: 'string', default: '2000' },
  },
});
const allocCount = Number(values.allocs);

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return Math.round((performance.now() - start) * 100) / 100;
}

/** reconcileMs is the median of 7 runs after 2 warm-up runs. */
function reconcileMs(job: Job, versions: Job[], allocs: Allocation[]): number {
  const run = (): number => timeMs(() => reconcile({
    namespace: 'default', jobId: job.ID, job, jobVersion: (v) => versions.find((j) => j.Version === v),
    existingAllocs: allocs, taintedNodes: new Map(), now: 0, evalId: 'bench', batch: false, newId: () => 'id',
  }));
  run();
  run();
  const times = Array.from({ length: 7 }, run).sort((a, b) => a - b);
  return times[3]!;
}

const v0 = withGroup(mockJob(), { Count: allocCount });
const allocs = Array.from({ length: allocCount }, (_, i) => mockAllocFor(v0, { ID: `node-${i % 1000}`, Name: `node-${i % 1000}` }, i));
const v1 = withGroup({ ...v0, Version: 1 }, { Tasks: [mockTask({ Config: { command: '/bin/true' } })] });

const steadyMs = reconcileMs(v0, [v0], allocs);
const scaleDownMs = reconcileMs(withGroup(v0, { Count: allocCount / 2 }), [v0], allocs);
const destructiveMs = reconcileMs(v1, [v0, v1], allocs);

const h = new Harness();
for (let i = 0; i < Number(values.nodes); i++) h.state.upsertNode(mockNode());
const job = h.state.upsertJob(withGroup(mockJob({ Datacenters: ['dc1'] }), { Count: Number(values.count), Networks: [] }));
const start = performance.now();
await h.process(serviceScheduler, mockEval({ JobID: job.ID }));
const evalMs = Math.round((performance.now() - start) * 100) / 100;
const placed = h.state.allocs().length;

console.log(JSON.stringify({
  allocs: allocCount, reconcileSteadyMs: steadyMs, reconcileScaleDownMs: scaleDownMs, reconcileDestructiveMs: destructiveMs,
  nodes: Number(values.nodes), count: Number(values.count), placed, evalMs,
  placementsPerSecond: Math.round(placed / (evalMs / 1000)),
}));
