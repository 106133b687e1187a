/**
 * Shared allocation metrics (written once per transaction, resolved by reference) and the
 * compact plan result a worker rebuilds from its own plan.
 */
import t from 'tap';
import type { AllocMetric, Allocation, Plan } from '../../api/structs/index.js';
import { toTxn } from '../../server/fsm/to-txn.js';
import { verifyPlan } from '../../server/plan/verify-plan.js';
import { METRICS_REF } from '../../server/store/alloc-metrics.js';
import { decodeBatch } from '../../server/store/decode-batch.js';
import { decodeRecord } from '../../server/store/tables.js';
import { compactResult, expandResult, sharePlanMetrics } from '../../server/worker/plan-wire.js';
import { mockAlloc, mockNode } from '../mock/index.js';

function metric(evaluated: number): AllocMetric {
  return {
    NodesEvaluated: evaluated, NodesFiltered: 1, NodesInPool: 10, NodesAvailable: { dc1: 10 }, ClassFiltered: { 'class-1': 1 },
    ConstraintFiltered: {}, NodesExhausted: 0, ClassExhausted: {}, DimensionExhausted: {}, QuotaExhausted: [],
    ScoreMetaData: [{ NodeID: 'n1', Scores: { binpack: 0.5 }, NormScore: 0.5 }], AllocationTime: 10, CoalescedFailures: 0,
  };
}

function events(allocs: Allocation[]): { type: 'put'; key: string; value: Uint8Array }[] {
  return toTxn({ type: 'plan.apply', allocs, evals: [] }).ops.map((op) => {
    if (op.kind !== 'put') throw new Error('expected puts');
    return { type: 'put', key: op.key, value: op.value };
  });
}

t.test('a Metrics object shared by allocations is written once and resolved for each', async (t) => {
  const shared = metric(3);
  const own = metric(7);
  const allocs = [mockAlloc({ Metrics: shared }), mockAlloc({ Metrics: shared }), mockAlloc({ Metrics: own }), mockAlloc({ Metrics: shared })];
  const evs = events(allocs);
  const stored = evs.map((e) => decodeRecord<Record<string, unknown>>(e.value));
  t.ok(stored[0]?.Metrics, 'the first holder stores it inline');
  t.equal(stored[1]?.[METRICS_REF], allocs[0]?.ID, 'the others reference the first holder');
  t.ok(stored[2]?.Metrics, 'a distinct object is inline');
  t.ok(evs[1]!.value.length < evs[0]!.value.length, 'references are smaller than the metric');

  const decoded = decodeBatch(evs).map((c) => c.record as Allocation);
  t.same(decoded[1]?.Metrics, shared, 'reference resolves to the metric');
  t.equal(decoded[1]?.Metrics, decoded[0]?.Metrics, 'by reference: the same object');
  t.equal(decoded[3]?.Metrics, decoded[0]?.Metrics);
  t.same(decoded[2]?.Metrics, own);
  t.notOk(METRICS_REF in (decoded[1] as object), 'the reference key is not left on the record');
});

t.test('a reference to an allocation outside the batch is resolved through the store', async (t) => {
  const shared = metric(3);
  const owner = mockAlloc({ Metrics: shared });
  const evs = events([owner, mockAlloc({ Metrics: shared })]).slice(1);
  const [rec] = decodeBatch(evs, { lookupAlloc: (id) => (id === owner.ID ? owner : undefined) }).map((c) => c.record as Allocation);
  t.equal(rec?.Metrics, shared);
});

t.test('replicas drop Metrics', async (t) => {
  const [rec] = decodeBatch(events([mockAlloc({ Metrics: metric(1) })]), { dropMetrics: true }).map((c) => c.record as Allocation);
  t.equal(rec?.Metrics, undefined);
});

function plan(allocs: Record<string, Allocation[]>, stops: Record<string, Allocation[]> = {}, allAtOnce = false): Plan {
  return {
    EvalID: 'e1', EvalToken: 't', Priority: 50, AllAtOnce: allAtOnce, Namespace: 'default', JobID: 'j', JobVersion: 0,
    NodeUpdate: stops, NodeAllocation: allocs, SnapshotIndex: 1,
  };
}

t.test('a plan shares one metric per task group among its new allocations', async (t) => {
  const a = mockAlloc({ EvalID: 'e1', TaskGroup: 'web', NodeID: 'n1', CreateIndex: 0, Metrics: metric(1) });
  const b = mockAlloc({ EvalID: 'e1', TaskGroup: 'web', NodeID: 'n2', CreateIndex: 0, Metrics: metric(2) });
  const c = mockAlloc({ EvalID: 'e1', TaskGroup: 'db', NodeID: 'n2', CreateIndex: 0, Metrics: metric(3) });
  const shared = sharePlanMetrics(plan({ n1: [a], n2: [b, c] }));
  t.equal(shared.NodeAllocation.n2?.[0]?.Metrics, a.Metrics, 'same group: the first placement metric');
  t.equal(shared.NodeAllocation.n2?.[1]?.Metrics, c.Metrics, 'other group: its own');
  t.equal(b.Metrics?.NodesEvaluated, 2, 'the scheduler\'s own objects are not changed');
});

t.test('the compact result rebuilds exactly what the applier committed', async (t) => {
  const view = {
    index: 1,
    node: (id: string) => (id === 'gone' ? undefined : mockNode({ ID: id })),
    allocsByNode: () => [],
  };
  const on = (node: string): Allocation => mockAlloc({ NodeID: node });
  for (const allAtOnce of [false, true]) {
    const p = plan({ n1: [on('n1')], gone: [on('gone')] }, { n2: [on('n2')] }, allAtOnce);
    const { result } = verifyPlan(view as never, p);
    const rebuilt = expandResult(p, compactResult(result));
    t.same(rebuilt, result, `allAtOnce=${String(allAtOnce)}`);
  }
});
