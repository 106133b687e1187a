/**
 * The placement stack end to end: places groups, accounts for the plan so nodes are never
 * overcommitted, assigns ports, records metrics, honours preferred nodes and is deterministic.
 */
import t from 'tap';
import type { Allocation, Job, Node, TaskGroup } from '../../api/structs/index.js';
import { fitsOnNode } from '../../server/scheduler/fit.js';
import type { PlacementOutcome } from '../../server/scheduler/placement.js';
import { createPlacementStack } from '../../server/scheduler/stack.js';
import { EVAL_ID, GrowingPlan, StackState, stackAlloc, stackGroup, stackJob, stackNode } from '../mock/stack-fixtures.js';

function placeAll(opts: { nodes: Node[]; job: Job; count?: number; batch?: boolean; evalId?: string; state?: StackState }): { plan: GrowingPlan; outcomes: PlacementOutcome[] } {
  const state = opts.state ?? new StackState(opts.nodes, [opts.job]);
  const plan = new GrowingPlan();
  const stack = createPlacementStack({ state, plan, job: opts.job, batch: opts.batch ?? false, evalId: opts.evalId ?? EVAL_ID, snapshotIndex: state.index });
  const tg = opts.job.TaskGroups[0] as TaskGroup;
  const outcomes: PlacementOutcome[] = [];
  for (let i = 0; i < (opts.count ?? tg.Count); i++) {
    const out = stack.select({ taskGroup: tg });
    outcomes.push(out);
    if (out.placed) plan.place(stackAlloc(opts.job, out.node, out.resources, { Name: `${opts.job.ID}.${tg.Name}[${i}]` }));
  }
  return { plan, outcomes };
}

t.test('places every allocation of the mock job on ready linux nodes', async (t) => {
  const nodes = Array.from({ length: 10 }, () => stackNode());
  const { plan, outcomes } = placeAll({ nodes, job: stackJob() });
  t.equal(outcomes.filter((o) => o.placed).length, 10);
  t.equal(plan.allocs().length, 10);
  for (const o of outcomes) {
    if (!o.placed) continue;
    const ports = o.resources.Shared.Ports ?? [];
    t.same(ports.map((p) => p.Label), ['http', 'admin']);
    for (const p of ports) {
      t.ok(p.Value >= 20000 && p.Value <= 32000, `dynamic port ${p.Value} in range`);
      t.equal(p.HostIP, '192.168.0.100');
    }
    t.equal(o.resources.Tasks['web']?.Cpu.CpuShares, 500);
    t.equal(o.resources.Shared.DiskMB, 150);
    t.ok(o.metric.NodesEvaluated >= 1);
  }
});

t.test('never overcommits: 1000 placements on 20 nodes stop exactly at capacity', async (t) => {
  const nodes = Array.from({ length: 20 }, () => stackNode());
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 1000, Networks: [] })] });
  const { plan, outcomes } = placeAll({ nodes, job });
  // (8192 - 256) / 256 = 31 allocs fit by memory; cpu (13900/500 = 27) binds first.
  const placed = outcomes.filter((o) => o.placed).length;
  t.equal(placed, 20 * 27, 'every node filled to its cpu limit, no further');
  for (const node of nodes) {
    const allocs = plan.nodeAllocation.get(node.ID) ?? [];
    t.same(fitsOnNode(node, allocs), { fits: true }, `node ${node.Name} fits`);
  }
  const failed = outcomes.find((o) => !o.placed);
  t.ok(failed);
  t.equal(failed?.metric.NodesExhausted, 20);
  t.same(failed?.metric.DimensionExhausted, { cpu: 20 });
  t.same(failed?.metric.ClassExhausted, { 'linux-medium-pci': 20 });
});

t.test('existing allocations and plan stops are accounted', async (t) => {
  const node = stackNode();
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 5, Networks: [] })] });
  const other = stackJob({ ID: 'other' });
  const state = new StackState([node], [job, other]);
  const big = stackAlloc(other, node, { Tasks: { web: { Cpu: { CpuShares: 13500 }, Memory: { MemoryMB: 256 } } }, Shared: { DiskMB: 0 } });
  state.addAllocs([big, stackAlloc(other, node, { Tasks: { web: { Cpu: { CpuShares: 13000 }, Memory: { MemoryMB: 1 } } }, Shared: { DiskMB: 0 } }, { ClientStatus: 'complete' })]);
  const plan = new GrowingPlan();
  const stack = createPlacementStack({ state, plan, job, batch: false, evalId: EVAL_ID, snapshotIndex: state.index });
  const tg = job.TaskGroups[0] as TaskGroup;
  const first = stack.select({ taskGroup: tg });
  t.equal(first.placed, false, '13500 of 13900 MHz used by a live alloc; the complete one uses nothing');
  t.same(first.metric.DimensionExhausted, { cpu: 1 });
  plan.stop(big);
  const second = stack.select({ taskGroup: tg });
  t.equal(second.placed, true, 'after the plan stops the big alloc, the node has room');
});

t.test('a preferred node is chosen when feasible', async (t) => {
  const nodes = Array.from({ length: 8 }, () => stackNode());
  const job = stackJob();
  const state = new StackState(nodes, [job]);
  const target = nodes[5] as Node;
  const stack = createPlacementStack({ state, plan: new GrowingPlan(), job, batch: false, evalId: EVAL_ID, snapshotIndex: 1 });
  const out = stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup, preferredNodeId: target.ID });
  t.equal(out.placed && out.node.ID, target.ID);
});

t.test('same eval and index give the same placements; another eval ID gives another order', async (t) => {
  const nodes = Array.from({ length: 50 }, (_, i) => stackNode({ ID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }));
  const job = stackJob({ TaskGroups: [stackGroup({ Count: 20 })] });
  const order = (evalId: string): string[] => placeAll({ nodes, job, evalId }).outcomes.map((o) => (o.placed ? `${o.node.ID}:${o.resources.Shared.Ports?.map((p) => p.Value).join(',')}` : '-'));
  t.same(order(EVAL_ID), order(EVAL_ID));
  t.not(order(EVAL_ID).join(), order('11111111-2222-3333-4444-555555555555').join());
});

t.test('an unplaceable group records why: constraint, class and node counts', async (t) => {
  const nodes = [
    ...Array.from({ length: 3 }, () => stackNode({ Attributes: { ...stackNode().Attributes, 'kernel.name': 'windows' }, ComputedClass: 'v1:windows', NodeClass: 'windows' })),
    ...Array.from({ length: 2 }, () => stackNode({ Drivers: {}, Attributes: { 'kernel.name': 'linux' }, ComputedClass: 'v1:nodriver', NodeClass: 'nodriver' })),
    stackNode({ Datacenter: 'dc2' }),
    stackNode({ Status: 'down' }),
  ];
  const { outcomes } = placeAll({ nodes, job: stackJob(), count: 1 });
  const m = outcomes[0]?.metric;
  t.equal(outcomes[0]?.placed, false);
  t.equal(m?.NodesEvaluated, 5);
  t.equal(m?.NodesFiltered, 5);
  t.equal(m?.NodesInPool, 6, 'the down node counts in the pool, dc2 does not');
  t.same(m?.NodesAvailable, { dc1: 5 });
  t.same(m?.ConstraintFiltered, { '${attr.kernel.name} = linux': 3, 'missing drivers': 2 });
  t.same(m?.ClassFiltered, { windows: 3, nodriver: 2 });
  t.equal(m?.NodesExhausted, 0);
});

t.test('class eligibility is reported for blocked evaluations', async (t) => {
  const nodes = [stackNode(), stackNode({ Attributes: { 'kernel.name': 'darwin', 'driver.exec': '1' }, ComputedClass: 'v1:darwin' })];
  const job = stackJob();
  const state = new StackState(nodes, [job]);
  const stack = createPlacementStack({ state, plan: new GrowingPlan(), job, batch: false, evalId: EVAL_ID, snapshotIndex: 1 });
  stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup });
  stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup });
  t.same(stack.classEligibility(), { 'v1:linux-medium-pci': true, 'v1:darwin': false });
  t.equal(stack.hasEscapedConstraints(), false);
});

t.test('allocation time is measured with the injected clock', async (t) => {
  const job = stackJob();
  const state = new StackState([stackNode()], [job]);
  let now = 1000;
  const stack = createPlacementStack({ state, plan: new GrowingPlan(), job, batch: false, evalId: EVAL_ID, snapshotIndex: 1, nowNs: () => (now += 250) });
  const out = stack.select({ taskGroup: job.TaskGroups[0] as TaskGroup });
  t.equal(out.metric.AllocationTime, 250);
});

// Keep the type import used by helpers above.
export type { Allocation };
