/**
 * Generic scheduler scenarios: registering jobs (placements, constraints, unplaceable groups,
 * blocked evaluations).
 */
import t from 'tap';
import type { Job } from '../../api/structs/index.js';
import { isDroverError } from '../../api/errors.js';
import { schedulerFor } from '../../server/scheduler/factory.js';
import { mockBatchJob, mockJob, mockTaskGroup, withGroup } from '../mock/index.js';
import { clusterOf, countBy, evaluate, register } from '../harness/scenario.js';

t.test('10 nodes x job count 10: one plan, 10 allocations named my-job.web[0..9], eval complete', async (t) => {
  const { h, nodes } = clusterOf(10);
  const evaluation = await register(h, mockJob());
  t.equal(h.plans.length, 1);
  const plan = h.plans[0]!;
  t.same(Object.keys(plan.NodeUpdate), []);
  const placed = Object.values(plan.NodeAllocation).flat();
  t.equal(placed.length, 10);
  t.same(placed.map((a) => a.Name).sort(), Array.from({ length: 10 }, (_, i) => `my-job.web[${i}]`).sort());
  t.ok(placed.every((a) => nodes.some((n) => n.ID === a.NodeID)), 'every allocation is on a known node');
  t.ok(placed.every((a) => a.DesiredStatus === 'run' && a.ClientStatus === 'pending' && a.EvalID === evaluation.ID && a.JobVersion === 0));
  t.ok(placed.every((a) => (a.AllocatedResources.Shared.Ports ?? []).length === 2), 'both dynamic ports are assigned');
  t.equal(plan.Annotations?.DesiredTGUpdates.web?.Place, 10);
  t.equal(h.state.allocs().length, 10, 'the plan was committed');
  const final = h.lastEval()!;
  t.match(final, { ID: evaluation.ID, Status: 'complete', QueuedAllocations: { web: 0 } });
  t.equal(final.FailedTGAllocs, undefined);
  t.equal(final.BlockedEval, undefined);
  t.same(h.createdEvals, []);
});

t.test('re-running the evaluation of a fully placed job is a no-op (no plan)', async (t) => {
  const { h } = clusterOf(10);
  const job = mockJob();
  await register(h, job);
  await evaluate(h, job);
  t.equal(h.plans.length, 1);
  t.equal(h.lastEval()?.Status, 'complete');
});

t.test('an AnnotatePlan eval (job plan) submits even a no-op plan so annotations are returned', async (t) => {
  const { h } = clusterOf(10);
  const job = mockJob();
  await register(h, job);
  await evaluate(h, job, 'job-register', { AnnotatePlan: true });
  t.equal(h.plans.length, 2);
  t.same(h.plans[1]!.NodeAllocation, {});
  t.equal(h.plans[1]!.Annotations?.DesiredTGUpdates.web?.Ignore, 10);
});

t.test('allocation IDs and times come from the scheduler context', async (t) => {
  const { h } = clusterOf(3);
  await register(h, withGroup(mockJob(), { Count: 2 }));
  const allocs = h.state.allocs();
  t.ok(allocs.every((a) => /^00000000-0000-4000-8000-/.test(a.ID)), 'deterministic harness IDs');
  t.ok(allocs.every((a) => a.CreateTime === h.context().now()));
});

t.test('distinct_hosts: never two allocations on one node; the surplus is blocked', async (t) => {
  const { h } = clusterOf(10);
  const job = mockJob({ Constraints: [...mockJob().Constraints!, { LTarget: '', RTarget: '', Operand: 'distinct_hosts' }] });
  const evaluation = await register(h, withGroup(job, { Count: 11 }));
  const allocs = h.state.allocs();
  t.equal(allocs.length, 10);
  t.ok(Object.values(countBy(allocs, (a) => a.NodeID)).every((n) => n === 1), 'one allocation per node');
  const final = h.lastEval()!;
  t.equal(final.QueuedAllocations?.web, 1);
  t.ok(final.FailedTGAllocs?.web, 'the failed group has a metric');
  t.equal(h.createdEvals.length, 1);
  t.match(h.createdEvals[0], { Status: 'blocked', TriggeredBy: 'queued-allocs', PreviousEval: evaluation.ID, JobID: 'my-job' });
  t.equal(final.BlockedEval, h.createdEvals[0]!.ID);
});

t.test('a feasible and an infeasible group: the feasible one is placed, the other blocked', async (t) => {
  const { h } = clusterOf(10);
  const windows = mockTaskGroup({ Name: 'win', Count: 2, Constraints: [{ LTarget: '${attr.kernel.name}', RTarget: 'windows', Operand: '=' }] });
  const job: Job = { ...mockJob(), TaskGroups: [mockTaskGroup(), windows] };
  await register(h, job);
  t.same(countBy(h.state.allocs(), (a) => a.TaskGroup), { web: 10 });
  const final = h.lastEval()!;
  t.same(Object.keys(final.FailedTGAllocs ?? {}), ['win']);
  const metric = final.FailedTGAllocs!.win!;
  t.equal(metric.NodesEvaluated > 0 || metric.NodesFiltered > 0, true, 'nodes were evaluated');
  t.equal(metric.CoalescedFailures, 1, 'the second copy is coalesced into the first failure');
  t.same(final.QueuedAllocations, { web: 0, win: 2 });
  const blocked = h.createdEvals[0]!;
  t.equal(blocked.TriggeredBy, 'queued-allocs');
  t.equal(blocked.ClassEligibility?.computed, false, 'the mock class cannot run the windows group');
  t.equal(blocked.EscapedComputedClass, false);
});

t.test('unplaceable: a full node blocks the rest with CoalescedFailures counted', async (t) => {
  const { h } = clusterOf(1);
  await register(h, withGroup(mockJob(), { Count: 40 }));
  const placed = h.state.allocs().length;
  t.ok(placed > 0 && placed < 40, `some fit (${placed})`);
  const final = h.lastEval()!;
  t.equal(final.Status, 'complete');
  t.equal(final.QueuedAllocations?.web, 40 - placed);
  t.equal(final.FailedTGAllocs?.web?.CoalescedFailures, 40 - placed - 1);
  t.ok((final.FailedTGAllocs?.web?.NodesExhausted ?? 0) > 0, 'the node was exhausted');
  t.equal(h.createdEvals.length, 1, 'exactly one blocked eval');
  t.equal(h.createdEvals[0]!.ClassEligibility?.computed, true, 'the class is eligible, only full');
});

t.test('no nodes at all: everything queued, one blocked eval', async (t) => {
  const { h } = clusterOf(0);
  await register(h, mockJob());
  t.equal(h.plans.length, 0, 'nothing to submit');
  t.match(h.lastEval(), { Status: 'complete', QueuedAllocations: { web: 10 } });
  t.equal(h.createdEvals.length, 1);
});

t.test('a blocked eval that still cannot place is re-blocked, not completed', async (t) => {
  const { h } = clusterOf(0);
  const job = h.state.upsertJob(mockJob());
  await evaluate(h, job, 'queued-allocs', { Status: 'blocked' });
  t.same(h.createdEvals, [], 'no second blocked eval');
  t.same(h.updatedEvals, []);
  t.equal(h.reblockedEvals.length, 1);
  t.match(h.reblockedEvals[0], { Status: 'blocked', QueuedAllocations: { web: 10 } });
});

t.test('a job using a unique node attribute blocks with EscapedComputedClass', async (t) => {
  const { h } = clusterOf(2);
  const job = mockJob({ Constraints: [{ LTarget: '${node.unique.name}', RTarget: 'nope', Operand: '=' }] });
  await register(h, job);
  t.equal(h.createdEvals[0]?.EscapedComputedClass, true);
  t.equal(h.createdEvals[0]?.ClassEligibility, undefined, 'class verdicts are not kept for escaped jobs');
});

t.test('batch job: placed with batch semantics; completed allocations are not replaced', async (t) => {
  const { h } = clusterOf(4);
  const job = mockBatchJob();
  await register(h, job);
  t.equal(h.state.allocs().length, 10);
  h.state.upsertAllocs(h.state.allocs().map((a) => ({ ...a, ClientStatus: 'complete' as const })));
  await evaluate(h, job, 'alloc-failure');
  t.equal(h.plans.length, 1, 'no new plan');
  t.equal(h.state.allocs().length, 10);
});

t.test('an evaluation trigger the generic scheduler does not handle fails the eval', async (t) => {
  const { h } = clusterOf(1);
  const job = h.state.upsertJob(mockJob());
  await evaluate(h, job, 'scheduled');
  t.match(h.lastEval(), { Status: 'failed', StatusDescription: "scheduler cannot handle 'scheduled' evaluation reason" });
});

t.test('schedulerFor: a factory per job type; _core is not a job scheduler', async (t) => {
  for (const type of ['service', 'batch', 'system', 'sysbatch'] as const) t.type(schedulerFor(type), 'function');
  for (const type of ['_core'] as const) {
    try {
      schedulerFor(type);
      t.fail(`${type} should throw`);
    } catch (err) {
      t.ok(isDroverError(err), `${type} throws a coded error`);
      if (isDroverError(err)) t.match(err.code, /^DROVER_ERR_SCHEDULER_/);
    }
  }
});
