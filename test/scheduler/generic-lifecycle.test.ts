/**
 * Generic scheduler scenarios after registration: partial commits and plan retries, job stop,
 * node down, job updates (in-place and destructive) and rescheduling of failed allocations.
 */
import t from 'tap';
import type { Allocation } from '../../api/structs/index.js';
import { StopDescriptions } from '../../server/scheduler/reconcile/index.js';
import { mockBatchJob, mockJob, mockTask, withGroup } from '../mock/index.js';
import { clusterOf, countBy, evaluate, register } from '../harness/scenario.js';

const SECOND = 1_000_000_000;
const live = (allocs: readonly Allocation[]): Allocation[] => allocs.filter((a) => a.DesiredStatus === 'run' && a.ClientStatus !== 'lost');

t.test('partial commit: the scheduler retries the rejected placements on the refreshed state', async (t) => {
  const { h } = clusterOf(10, { rejectNodes: (plan, n) => (n === 0 ? Object.keys(plan.NodeAllocation).slice(0, 3) : []) });
  await register(h, mockJob());
  t.equal(h.plans.length, 2, 'one retry');
  t.equal(h.results[0]!.RejectedNodes.length, 3);
  t.ok(h.results[0]!.RefreshIndex > 0, 'a refresh index is returned');
  const placedFirst = Object.values(h.results[0]!.NodeAllocation).flat().length;
  t.equal(Object.values(h.plans[1]!.NodeAllocation).flat().length, 10 - placedFirst, 'the retry places only what was rejected');
  t.equal(h.state.allocs().length, 10);
  t.same(h.state.allocs().map((a) => a.Name).sort(), Array.from({ length: 10 }, (_, i) => `my-job.web[${i}]`).sort());
  t.match(h.lastEval(), { Status: 'complete', QueuedAllocations: { web: 0 } });
});

t.test('max plan attempts (service 5): eval failed and a max-plan-attempts blocked eval', async (t) => {
  const { h } = clusterOf(3, { rejectNodes: (plan) => Object.keys(plan.NodeAllocation) });
  const evaluation = await register(h, withGroup(mockJob(), { Count: 3 }));
  t.equal(h.plans.length, 5);
  t.match(h.lastEval(), { Status: 'failed', StatusDescription: 'maximum attempts reached (5)' });
  t.equal(h.createdEvals.length, 1);
  t.match(h.createdEvals[0], { Status: 'blocked', TriggeredBy: 'max-plan-attempts', PreviousEval: evaluation.ID });
  t.equal(h.lastEval()!.BlockedEval, h.createdEvals[0]!.ID);
});

t.test('max plan attempts (batch 2)', async (t) => {
  const { h } = clusterOf(3, { rejectNodes: (plan) => Object.keys(plan.NodeAllocation) });
  await register(h, withGroup(mockBatchJob(), { Count: 2 }));
  t.equal(h.plans.length, 2);
  t.match(h.lastEval(), { Status: 'failed', StatusDescription: 'maximum attempts reached (2)' });
});

t.test('progress resets the attempt counter', async (t) => {
  // Each plan commits only one node (distinct_hosts: one allocation per node): 10 plans, each
  // making progress, well past the limit of 5 attempts, and the eval still completes.
  const { h } = clusterOf(10, { rejectNodes: (plan) => Object.keys(plan.NodeAllocation).sort().slice(1) });
  const job = mockJob({ Constraints: [{ LTarget: '', RTarget: '', Operand: 'distinct_hosts' }] });
  await register(h, job);
  t.equal(h.plans.length, 10);
  t.equal(h.lastEval()?.Status, 'complete');
  t.equal(h.state.allocs().length, 10);
});

t.test('job stop: every allocation is stopped in one plan', async (t) => {
  const { h } = clusterOf(10);
  const job = mockJob();
  await register(h, job);
  const stopped = h.state.upsertJob({ ...h.state.job('default', 'my-job')!, Stop: true });
  await evaluate(h, stopped, 'job-deregister');
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeAllocation), []);
  t.equal(Object.values(plan.NodeUpdate).flat().length, 10);
  t.ok(h.state.allocs().every((a) => a.DesiredStatus === 'stop' && a.DesiredDescription === StopDescriptions.jobStopped));
  t.equal(h.lastEval()?.Status, 'complete');
});

t.test('job purged: allocations are stopped', async (t) => {
  const { h } = clusterOf(2);
  const job = mockJob();
  await register(h, withGroup(job, { Count: 2 }));
  h.state.deleteJob('default', 'my-job');
  await evaluate(h, job, 'job-deregister');
  t.ok(h.state.allocs().every((a) => a.DesiredStatus === 'stop'));
});

t.test('node down: its allocations are lost and replaced on other nodes under the same names', async (t) => {
  const { h, nodes } = clusterOf(10);
  const job = mockJob();
  await register(h, job);
  const victim = h.state.allocs()[0]!;
  const downNode = nodes.find((n) => n.ID === victim.NodeID)!;
  h.state.upsertNode({ ...downNode, Status: 'down' });
  const onVictimNode = h.state.allocs().filter((a) => a.NodeID === downNode.ID);
  await evaluate(h, job, 'node-update');
  const plan = h.plans[1]!;
  t.same(plan.NodeUpdate[downNode.ID]!.map((a) => [a.ClientStatus, a.DesiredDescription]), onVictimNode.map(() => ['lost', StopDescriptions.lost]));
  const replacements = Object.values(plan.NodeAllocation).flat();
  t.same(replacements.map((a) => a.Name).sort(), onVictimNode.map((a) => a.Name).sort());
  t.ok(replacements.every((a) => a.NodeID !== downNode.ID && a.PreviousAllocation !== undefined));
  t.equal(live(h.state.allocs()).length, 10);
});

t.test('job modify in place: same allocation IDs move to the new version on their nodes', async (t) => {
  const { h } = clusterOf(10);
  const v0 = h.state.upsertJob(mockJob());
  await evaluate(h, v0);
  const before = new Map(h.state.allocs().map((a) => [a.ID, a.NodeID]));
  const v1 = h.state.upsertJob(withGroup({ ...v0, Version: 1 }, { RestartPolicy: { ...v0.TaskGroups[0]!.RestartPolicy, Attempts: 1 } }));
  await evaluate(h, v1);
  const plan = h.plans[1]!;
  t.same(Object.keys(plan.NodeUpdate), [], 'nothing stopped');
  const updated = Object.values(plan.NodeAllocation).flat();
  t.equal(updated.length, 10);
  t.ok(updated.every((a) => before.get(a.ID) === a.NodeID && a.JobVersion === 1), 'same IDs, same nodes, new version');
  t.equal(plan.Annotations?.DesiredTGUpdates.web?.InPlaceUpdate, 10);
});

t.test('job modify destructive: old allocations stopped, replacements placed in the same plan', async (t) => {
  const { h } = clusterOf(10);
  const v0 = h.state.upsertJob(mockJob());
  await evaluate(h, v0);
  const v1 = h.state.upsertJob(withGroup({ ...v0, Version: 1 }, { Tasks: [mockTask({ Config: { command: '/bin/sleep' } })] }));
  await evaluate(h, v1);
  const plan = h.plans[1]!;
  const stops = Object.values(plan.NodeUpdate).flat();
  const places = Object.values(plan.NodeAllocation).flat();
  t.equal(stops.length, 10);
  t.ok(stops.every((a) => a.DesiredDescription === StopDescriptions.updating));
  t.equal(places.length, 10);
  t.ok(places.every((a) => a.JobVersion === 1 && stops.some((s) => s.ID === a.PreviousAllocation && s.Name === a.Name)));
  t.equal(plan.Annotations?.DesiredTGUpdates.web?.DestructiveUpdate, 10);
  t.equal(live(h.state.allocs()).length, 10);
});

t.test('destructive update on a full node reuses the resources of the allocation it replaces', async (t) => {
  const { h } = clusterOf(1);
  const v0 = h.state.upsertJob(withGroup(mockJob(), { Count: 1, Tasks: [mockTask({ Resources: { CPU: 10_000, MemoryMB: 256 } })] }));
  await evaluate(h, v0);
  const v1 = h.state.upsertJob(withGroup({ ...v0, Version: 1 }, { Tasks: [mockTask({ Resources: { CPU: 11_000, MemoryMB: 256 } })] }));
  await evaluate(h, v1);
  t.equal(live(h.state.allocs()).length, 1);
  t.equal(live(h.state.allocs())[0]?.JobVersion, 1);
  t.equal(h.lastEval()?.Status, 'complete');
});

t.test('failed allocation rescheduled now: previous stopped, replacement penalised away from its node', async (t) => {
  const { h } = clusterOf(3);
  const job = h.state.upsertJob(withGroup(mockJob(), { Count: 1 }));
  await evaluate(h, job);
  const original = h.state.allocs()[0]!;
  h.state.upsertAllocs([{ ...original, ClientStatus: 'failed', ModifyTime: h.context().now() - 60 * SECOND }]);
  await evaluate(h, job, 'alloc-failure');
  const plan = h.plans[1]!;
  t.same(Object.values(plan.NodeUpdate).flat().map((a) => [a.ID, a.DesiredDescription]), [[original.ID, StopDescriptions.rescheduled]]);
  const replacement = Object.values(plan.NodeAllocation).flat()[0]!;
  t.equal(replacement.Name, original.Name);
  t.equal(replacement.PreviousAllocation, original.ID);
  t.same(replacement.RescheduleTracker?.Events.map((e) => [e.PrevAllocID, e.PrevNodeID, e.Delay]), [[original.ID, original.NodeID, 5 * SECOND]]);
  t.not(replacement.NodeID, original.NodeID, 'the failed node is penalised');
});

t.test('failed allocation rescheduled later: follow-up eval created and allocation annotated', async (t) => {
  const { h } = clusterOf(3);
  const job = h.state.upsertJob(withGroup(mockJob(), { Count: 1 }));
  await evaluate(h, job);
  const original = h.state.allocs()[0]!;
  const now = h.context().now();
  h.state.upsertAllocs([{ ...original, ClientStatus: 'failed', ModifyTime: now }]);
  const evaluation = await evaluate(h, job, 'alloc-failure');
  t.equal(h.createdEvals.length, 1);
  const followup = h.createdEvals[0]!;
  t.match(followup, { Status: 'pending', TriggeredBy: 'alloc-reschedule', WaitUntil: now + 5 * SECOND, PreviousEval: evaluation.ID });
  t.equal(h.state.allocById(original.ID)?.FollowupEvalID, followup.ID);
  t.equal(live(h.state.allocs()).length, 1, 'nothing placed yet');
  t.equal(h.lastEval()?.BlockedEval, undefined, 'no blocked eval next to a follow-up eval');
  // When the follow-up eval runs, the allocation is rescheduled now.
  h.setNow(now + 5 * SECOND);
  await evaluate(h, job, 'alloc-reschedule', { ID: followup.ID });
  t.same(countBy(h.state.allocs(), (a) => `${a.DesiredStatus}/${a.ClientStatus}`), { 'stop/failed': 1, 'run/pending': 1 });
});
