/**
 * Generic scheduler scenarios that exercise the real placement stack: spread, drains and
 * migrations, datacenter changes, count 0.
 */
import t from 'tap';
import { StopDescriptions } from '../../server/scheduler/reconcile/index.js';
import { mockJob, mockNode, withGroup } from '../mock/index.js';
import { clusterOf, countBy, evaluate, register } from '../harness/scenario.js';

t.test('even spread over datacenters: 10 allocations split 5/5 over dc1 and dc2', async (t) => {
  const { h } = clusterOf(0);
  for (let i = 0; i < 10; i++) h.state.upsertNode(mockNode({ ID: `00000000-0000-4000-b000-00000000000${i}`, Datacenter: i % 2 === 0 ? 'dc1' : 'dc2' }));
  await register(h, mockJob({ Datacenters: ['dc1', 'dc2'], Spreads: [{ Attribute: '${node.datacenter}', Weight: 100, SpreadTarget: [] }] }));
  const dcOf = (nodeId: string): string => h.state.node(nodeId)?.Datacenter ?? '?';
  t.same(countBy(h.state.allocs(), (a) => dcOf(a.NodeID)), { dc1: 5, dc2: 5 });
});

t.test('datacenter globs: dc* matches dc1 and dc2 but not eu1', async (t) => {
  const { h } = clusterOf(0);
  for (const [i, dc] of ['dc1', 'dc2', 'eu1'].entries()) h.state.upsertNode(mockNode({ ID: `00000000-0000-4000-b000-0000000000a${i}`, Datacenter: dc }));
  await register(h, withGroup(mockJob({ Datacenters: ['dc*'] }), { Count: 6 }));
  const dcs = new Set(h.state.allocs().map((a) => h.state.node(a.NodeID)?.Datacenter));
  t.notOk(dcs.has('eu1'));
  t.equal(h.state.allocs().length, 6);
});

t.test('node drain: allocations marked for migration move to other nodes under the same names', async (t) => {
  const { h, nodes } = clusterOf(4);
  const job = mockJob();
  await register(h, job);
  const draining = nodes.find((n) => h.state.allocsByNode(n.ID).length > 0)!;
  h.state.upsertNode({ ...draining, SchedulingEligibility: 'ineligible', DrainStrategy: { Deadline: 3_600_000_000_000, IgnoreSystemJobs: false, ForceDeadline: '', StartedAt: '' } });
  const moving = h.state.allocsByNode(draining.ID);
  h.state.upsertAllocs(moving.map((a) => ({ ...a, DesiredTransition: { Migrate: true } })));
  await evaluate(h, job, 'node-drain');
  const plan = h.plans[1]!;
  t.same(plan.NodeUpdate[draining.ID]!.map((a) => a.DesiredDescription), moving.map(() => StopDescriptions.migrating));
  const replacements = Object.values(plan.NodeAllocation).flat();
  t.same(replacements.map((a) => a.Name).sort(), moving.map((a) => a.Name).sort());
  t.ok(replacements.every((a) => a.NodeID !== draining.ID));
  t.equal(plan.Annotations?.DesiredTGUpdates.web?.Migrate, moving.length);
});

t.test('count 0: every allocation is stopped, nothing queued', async (t) => {
  const { h } = clusterOf(3);
  const job = mockJob();
  await register(h, job);
  const zero = h.state.upsertJob(withGroup({ ...h.state.job('default', 'my-job')!, Version: 1 }, { Count: 0 }));
  await evaluate(h, zero);
  t.ok(h.state.allocs().every((a) => a.DesiredStatus === 'stop'));
  t.match(h.lastEval(), { Status: 'complete', QueuedAllocations: { web: 0 } });
});

t.test('moving a job to another datacenter replaces its allocations there', async (t) => {
  const { h } = clusterOf(0);
  for (const [i, dc] of ['dc1', 'dc1', 'dc2', 'dc2'].entries()) h.state.upsertNode(mockNode({ ID: `00000000-0000-4000-b000-0000000000c${i}`, Datacenter: dc }));
  const v0 = h.state.upsertJob(withGroup(mockJob(), { Count: 2 }));
  await evaluate(h, v0);
  const v1 = h.state.upsertJob({ ...v0, Version: 1, Datacenters: ['dc2'] });
  await evaluate(h, v1);
  const live = h.state.allocs().filter((a) => a.DesiredStatus === 'run');
  t.equal(live.length, 2);
  t.ok(live.every((a) => h.state.node(a.NodeID)?.Datacenter === 'dc2' && a.JobVersion === 1));
});
