/**
 * System and sysbatch scheduler scenarios (reference §2.9, Nomad scheduler_system_test.go):
 * one allocation per group on every eligible node, pinned there.
 */
import t from 'tap';
import { StopDescriptions } from '../../server/scheduler/reconcile/index.js';
import { mockNode, mockSysBatchJob, mockSystemJob, mockTask, withGroup } from '../mock/index.js';
import { clusterOf, countBy, evaluate, register } from '../harness/scenario.js';

t.test('system job: one allocation named <job>.web[0] on every node, in one plan', async (t) => {
  const { h, nodes } = clusterOf(5);
  await register(h, mockSystemJob());
  t.equal(h.plans.length, 1);
  const allocs = h.state.allocs();
  t.same(countBy(allocs, (a) => a.NodeID), Object.fromEntries(nodes.map((n) => [n.ID, 1])));
  t.ok(allocs.every((a) => a.Name === 'my-system-job.web[0]'));
  t.match(h.lastEval(), { Status: 'complete', QueuedAllocations: { web: 0 } });
  t.same(h.createdEvals, []);
});

t.test('a new node gets the system job on its node-update eval; others untouched', async (t) => {
  const { h } = clusterOf(3);
  const job = mockSystemJob();
  await register(h, job);
  const added = h.state.upsertNode(mockNode({ ID: '00000000-0000-4000-a000-0000000000ff' }));
  await evaluate(h, job, 'node-update', { NodeID: added.ID });
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeAllocation), [added.ID]);
  t.same(Object.keys(plan.NodeUpdate), []);
});

t.test('an infeasible node is skipped without a failure or blocked eval', async (t) => {
  const { h } = clusterOf(2);
  h.state.upsertNode(mockNode({ ID: '00000000-0000-4000-a000-0000000000fe', Attributes: { ...mockNode().Attributes, 'kernel.name': 'windows' } }));
  await register(h, mockSystemJob());
  t.equal(h.state.allocs().length, 2);
  t.match(h.lastEval(), { Status: 'complete', QueuedAllocations: { web: 0 } });
  t.equal(h.lastEval()?.FailedTGAllocs, undefined);
  t.same(h.createdEvals, []);
});

t.test('a full node is a failure with a blocked eval for that node', async (t) => {
  const { h } = clusterOf(2);
  const full = h.state.upsertNode(mockNode({ ID: '00000000-0000-4000-a000-0000000000fd', NodeResources: { ...mockNode().NodeResources, Memory: { MemoryMB: 300 } } }));
  const evaluation = await register(h, mockSystemJob());
  t.equal(h.state.allocs().length, 2);
  const final = h.lastEval()!;
  t.ok(final.FailedTGAllocs?.web, 'the group failed somewhere');
  t.equal(final.QueuedAllocations?.web, 1);
  t.equal(h.createdEvals.length, 1);
  t.match(h.createdEvals[0], { Status: 'blocked', NodeID: full.ID, PreviousEval: evaluation.ID, TriggeredBy: 'queued-allocs' });
  t.equal(final.BlockedEval, h.createdEvals[0]!.ID);
});

t.test('node down: its system allocation is lost and not moved', async (t) => {
  const { h, nodes } = clusterOf(3);
  const job = mockSystemJob();
  await register(h, job);
  h.state.upsertNode({ ...nodes[0]!, Status: 'down' });
  await evaluate(h, job, 'node-update');
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeAllocation), []);
  t.same(plan.NodeUpdate[nodes[0]!.ID]!.map((a) => [a.ClientStatus, a.DesiredDescription]), [['lost', StopDescriptions.lost]]);
});

t.test('ineligible node keeps its allocation; node leaving the datacenter has it stopped', async (t) => {
  const { h, nodes } = clusterOf(3);
  const job = mockSystemJob();
  await register(h, job);
  h.state.upsertNode({ ...nodes[0]!, SchedulingEligibility: 'ineligible' });
  h.state.upsertNode({ ...nodes[1]!, Datacenter: 'dc9' });
  await evaluate(h, job, 'node-update');
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeUpdate), [nodes[1]!.ID]);
  t.same(Object.keys(plan.NodeAllocation), []);
});

t.test('job stop stops the allocation on every node', async (t) => {
  const { h } = clusterOf(3);
  const job = mockSystemJob();
  await register(h, job);
  const stopped = h.state.upsertJob({ ...h.state.job('default', job.ID)!, Stop: true });
  await evaluate(h, stopped, 'job-deregister');
  t.ok(h.state.allocs().every((a) => a.DesiredStatus === 'stop'));
});

t.test('job update: in-place keeps allocation IDs; destructive replaces on the same node', async (t) => {
  const { h } = clusterOf(3);
  const v0 = h.state.upsertJob(mockSystemJob());
  await evaluate(h, v0);
  const original = new Map(h.state.allocs().map((a) => [a.ID, a.NodeID]));
  const v1 = h.state.upsertJob(withGroup({ ...v0, Version: 1 }, { RestartPolicy: { ...v0.TaskGroups[0]!.RestartPolicy, Attempts: 7 } }));
  await evaluate(h, v1);
  const inplace = Object.values(h.plans[1]!.NodeAllocation).flat();
  t.ok(inplace.length === 3 && inplace.every((a) => original.get(a.ID) === a.NodeID && a.JobVersion === 1), 'in place');
  const v2 = h.state.upsertJob(withGroup({ ...v1, Version: 2 }, { Tasks: [mockTask({ Config: { command: '/bin/true' } })] }));
  await evaluate(h, v2);
  const plan = h.plans[2]!;
  const replaced = Object.values(plan.NodeAllocation).flat();
  t.equal(Object.values(plan.NodeUpdate).flat().length, 3);
  t.ok(replaced.length === 3 && replaced.every((a) => !original.has(a.ID) && original.get(a.PreviousAllocation ?? '') === a.NodeID), 'replaced on the same node');
});

t.test('sysbatch: a node that completed the job does not run it again; a failed one does', async (t) => {
  const { h, nodes } = clusterOf(3);
  const job = mockSysBatchJob();
  await register(h, job);
  const [done, failed] = h.state.allocs().sort((a, b) => a.NodeID.localeCompare(b.NodeID));
  h.state.upsertAllocs([{ ...done!, ClientStatus: 'complete' }, { ...failed!, ClientStatus: 'failed' }]);
  await evaluate(h, job, 'job-register');
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeAllocation), [failed!.NodeID]);
  t.equal(Object.values(plan.NodeAllocation).flat()[0]?.PreviousAllocation, failed!.ID);
  t.equal(nodes.length, 3);
});

t.test('system scheduler refuses triggers it does not handle', async (t) => {
  const { h } = clusterOf(1);
  const job = h.state.upsertJob(mockSystemJob());
  await evaluate(h, job, 'alloc-failure');
  t.match(h.lastEval(), { Status: 'failed' });
});

t.test('system max plan attempts: eval failed after 5 plans without progress', async (t) => {
  const { h } = clusterOf(2, { rejectNodes: (plan) => Object.keys(plan.NodeAllocation) });
  await register(h, mockSystemJob());
  t.equal(h.plans.length, 5);
  t.match(h.lastEval(), { Status: 'failed', StatusDescription: 'maximum attempts reached (5)' });
});
