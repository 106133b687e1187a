/**
 * Placement policies through the whole stack: spreads, affinities, distinct hosts, escaped
 * constraints, reschedule penalties, the spread algorithm and score metadata.
 */
import t from 'tap';
import type { Job, Node, TaskGroup } from '../../api/structs/index.js';
import type { PlacementOutcome, PlacementRequest } from '../../server/scheduler/placement.js';
import type { GenericPlacementStack } from '../../server/scheduler/stack.js';
import { createPlacementStack } from '../../server/scheduler/stack.js';
import { EVAL_ID, GrowingPlan, StackState, stackAlloc, stackGroup, stackJob, stackNode } from '../mock/stack-fixtures.js';

interface Run { stack: GenericPlacementStack; plan: GrowingPlan; outcomes: PlacementOutcome[] }

function run(nodes: Node[], job: Job, opts: { count?: number; request?: Partial<PlacementRequest>; algorithm?: 'binpack' | 'spread'; batch?: boolean } = {}): Run {
  const state = new StackState(nodes, [job]);
  const plan = new GrowingPlan();
  const stack = createPlacementStack({ state, plan, job, batch: opts.batch ?? false, evalId: EVAL_ID, snapshotIndex: state.index, ...(opts.algorithm ? { algorithm: opts.algorithm } : {}) });
  const tg = job.TaskGroups[0] as TaskGroup;
  const outcomes: PlacementOutcome[] = [];
  for (let i = 0; i < (opts.count ?? tg.Count); i++) {
    const out = stack.select({ taskGroup: tg, ...opts.request });
    outcomes.push(out);
    if (out.placed) plan.place(stackAlloc(job, out.node, out.resources));
  }
  return { stack, plan, outcomes };
}

function countBy(r: Run, key: (n: Node) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of r.outcomes) if (o.placed) out[key(o.node)] = (out[key(o.node)] ?? 0) + 1;
  return out;
}

t.test('spread targets: 70/30 across two datacenters', async (t) => {
  const nodes = [...Array.from({ length: 5 }, () => stackNode({ Datacenter: 'dc1' })), ...Array.from({ length: 5 }, () => stackNode({ Datacenter: 'dc2' }))];
  const job = stackJob({ Datacenters: ['dc1', 'dc2'], TaskGroups: [stackGroup({ Count: 10, Spreads: [{ Attribute: '${node.datacenter}', Weight: 100, SpreadTarget: [{ Value: 'dc1', Percent: 70 }, { Value: 'dc2', Percent: 30 }] }] })] });
  t.same(countBy(run(nodes, job), (n) => n.Datacenter), { dc1: 7, dc2: 3 });
});

t.test('even spread over racks', async (t) => {
  const nodes = ['r1', 'r2', 'r3'].flatMap((rack) => Array.from({ length: 4 }, () => stackNode({ Meta: { rack } })));
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 9, Spreads: [{ Attribute: '${meta.rack}', Weight: 50, SpreadTarget: [] }] })] });
  t.same(countBy(run(nodes, job), (n) => n.Meta['rack'] ?? ''), { r1: 3, r2: 3, r3: 3 });
});

t.test('affinity steers placements to matching nodes', async (t) => {
  const nodes = [...Array.from({ length: 6 }, () => stackNode({ Meta: { ssd: 'false' } })), ...Array.from({ length: 2 }, () => stackNode({ Meta: { ssd: 'true' } }))];
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 4, Affinities: [{ LTarget: '${meta.ssd}', RTarget: 'true', Operand: '=', Weight: 100 }] })] });
  const r = run(nodes, job);
  t.same(countBy(r, (n) => n.Meta['ssd'] ?? ''), { true: 4 });
  const top = r.outcomes[0]?.metric.ScoreMetaData[0];
  t.ok(top !== undefined && top.Scores['node-affinity'] === 1, 'the affinity score is recorded');
});

t.test('distinct_hosts: one allocation per node, then filtered', async (t) => {
  const nodes = Array.from({ length: 3 }, () => stackNode());
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 5, Constraints: [{ LTarget: '', RTarget: '', Operand: 'distinct_hosts' }] })] });
  const r = run(nodes, job);
  t.equal(r.outcomes.filter((o) => o.placed).length, 3);
  t.equal(new Set(r.outcomes.flatMap((o) => (o.placed ? [o.node.ID] : []))).size, 3);
  const failed = r.outcomes[3];
  t.equal(failed?.placed, false);
  t.same(failed?.metric.ConstraintFiltered, { distinct_hosts: 3 });
});

t.test('an escaped constraint is evaluated per node, not per class', async (t) => {
  const nodes = Array.from({ length: 6 }, (_, i) => stackNode({ Name: `n${i}` }));
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 3, Constraints: [{ LTarget: '${node.unique.name}', RTarget: 'n4', Operand: '=' }] })] });
  const r = run(nodes, job);
  t.same(countBy(r, (n) => n.Name), { n4: 3 }, 'all nodes share a class, yet only n4 qualifies');
  t.equal(r.stack.hasEscapedConstraints(), true);
});

t.test('reschedule penalty moves a replacement off its previous node', async (t) => {
  const nodes = [stackNode({ Name: 'old' }), stackNode({ Name: 'new' })];
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 1 })] });
  const old = nodes[0] as Node;
  const r = run(nodes, job, { request: { penaltyNodeIds: new Set([old.ID]) } });
  t.same(countBy(r, (n) => n.Name), { new: 1 });
  const penalized = r.outcomes[0]?.metric.ScoreMetaData.find((m) => m.NodeID === old.ID);
  t.equal(penalized?.Scores['node-reschedule-penalty'], -1);
});

t.test('binpack fills nodes; the spread algorithm spreads', async (t) => {
  const nodes = Array.from({ length: 4 }, () => stackNode());
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 8, Networks: [] })] });
  // job anti-affinity still applies, so binpack does not put everything on one node, but it
  // uses fewer nodes than the spread algorithm.
  const spread = Object.values(countBy(run(nodes, job, { algorithm: 'spread' }), (n) => n.ID));
  t.same(spread, [2, 2, 2, 2], 'spread: even');
  const binpackMetric = run(nodes, job, { count: 1 }).outcomes[0]?.metric;
  t.ok(binpackMetric !== undefined && binpackMetric.ScoreMetaData.length > 0 && 'binpack' in (binpackMetric.ScoreMetaData[0]?.Scores ?? {}));
});

t.test('score metadata keeps the top 5 candidates, best first', async (t) => {
  const nodes = Array.from({ length: 40 }, () => stackNode());
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 1, Affinities: [{ LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '=', Weight: 10 }] })] });
  const m = run(nodes, job).outcomes[0]?.metric;
  t.equal(m?.ScoreMetaData.length, 5);
  const norms = m?.ScoreMetaData.map((s) => s.NormScore) ?? [];
  t.same(norms, [...norms].sort((a, b) => b - a));
  t.equal(m?.NodesEvaluated, 40, 'with an affinity the limit is 100: every node is ranked');
});

t.test('batch jobs look at two nodes', async (t) => {
  const nodes = Array.from({ length: 30 }, () => stackNode());
  const job = stackJob({ Type: 'batch', TaskGroups: [stackGroup({ Count: 1 })] });
  const m = run(nodes, job, { batch: true }).outcomes[0]?.metric;
  t.equal(m?.NodesEvaluated, 2);
});

t.test('the system stack ranks the given nodes in order with the fit score only', async (t) => {
  const { createSystemPlacementStack } = await import('../../server/scheduler/stack.js');
  const nodes = Array.from({ length: 3 }, (_, i) => stackNode({ Name: `n${i}` }));
  const job = stackJob({ Type: 'system', TaskGroups: [stackGroup({ Count: 1 })] });
  const state = new StackState(nodes, [job]);
  for (const node of nodes) {
    const stack = createSystemPlacementStack({ state, plan: new GrowingPlan(), job, batch: false, evalId: EVAL_ID, snapshotIndex: 1, nodes: [node] });
    const out = stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup });
    t.equal(out.placed && out.node.Name, node.Name);
    t.same(Object.keys(out.metric.ScoreMetaData[0]?.Scores ?? {}), ['binpack']);
  }
  const windows = stackNode({ Attributes: { 'kernel.name': 'windows', 'driver.exec': '1' }, ComputedClass: 'v1:windows' });
  const stack = createSystemPlacementStack({ state, plan: new GrowingPlan(), job, batch: false, evalId: EVAL_ID, snapshotIndex: 1, nodes: [windows] });
  const out = stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup });
  t.equal(out.placed, false);
  t.equal(out.metric.NodesFiltered, 1, 'infeasible: filtered, not exhausted');
});
