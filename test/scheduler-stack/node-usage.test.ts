/**
 * Incremental node usage: committed allocations adjusted by the plan in progress.
 */
import t from 'tap';
import type { Allocation } from '../../api/structs/index.js';
import { NodeUsageTracker } from '../../server/scheduler/node-usage.js';
import type { PlanView } from '../../server/scheduler/placement.js';
import { portKey } from '../../server/scheduler/ports.js';
import { GrowingPlan, StackState, grant, stackAlloc, stackJob, stackNode } from '../mock/stack-fixtures.js';

const job = stackJob();
const IP = '192.168.0.100';

t.test('committed live allocations count; terminal ones do not', async (t) => {
  const node = stackNode();
  const state = new StackState([node], [job]);
  state.addAllocs([
    stackAlloc(job, node, grant(100, 200, 300, [{ Label: 'http', Value: 8080, HostIP: IP }])),
    stackAlloc(job, node, grant(1000, 1000), { ClientStatus: 'complete' }),
    stackAlloc(job, node, grant(1000, 1000), { DesiredStatus: 'stop' }),
  ]);
  const u = new NodeUsageTracker(state, new GrowingPlan(), job).usage(node);
  t.same([u.cpu, u.memoryMB, u.diskMB, u.allocCount], [100, 200, 300, 1]);
  t.ok(u.portInUse(portKey(IP, 8080)));
  t.notOk(u.portInUse(portKey('10.0.0.1', 8080)), 'ports are per address');
  t.equal(u.jobAllocCount(), 1);
  t.equal(u.groupAllocCount('web'), 1);
  t.equal(u.groupAllocCount('api'), 0);
});

t.test('the plan is folded in incrementally as it grows', async (t) => {
  const node = stackNode();
  const existing = stackAlloc(job, node, grant(1000, 1000));
  const state = new StackState([node], [job]);
  state.addAllocs([existing]);
  const plan = new GrowingPlan();
  const tracker = new NodeUsageTracker(state, plan, job);
  t.equal(tracker.usage(node).cpu, 1000);
  plan.place(stackAlloc(job, node, grant(500, 100)));
  t.equal(tracker.usage(node).cpu, 1500, 'new placement added');
  plan.place(stackAlloc(job, node, grant(500, 100)));
  t.equal(tracker.usage(node).cpu, 2000, 'second placement added once');
  plan.stop(existing);
  t.equal(tracker.usage(node).cpu, 1000, 'stop removes the committed allocation');
  plan.stop(existing);
  t.equal(tracker.usage(node).cpu, 1000, 'a repeated stop is not subtracted twice');
  t.equal(tracker.usage(node).allocCount, 2);
});

t.test('an in-place update replaces the committed version', async (t) => {
  const node = stackNode();
  const existing = stackAlloc(job, node, grant(1000, 1000));
  const state = new StackState([node], [job]);
  state.addAllocs([existing]);
  const plan = new GrowingPlan();
  plan.place({ ...existing, AllocatedResources: grant(1500, 1000) });
  const u = new NodeUsageTracker(state, plan, job).usage(node);
  t.equal(u.cpu, 1500);
  t.equal(u.allocCount, 1);
});

t.test('replaced plan arrays are re-read from scratch', async (t) => {
  const node = stackNode();
  const state = new StackState([node], [job]);
  const byNode = new Map<string, Allocation[]>([[node.ID, [stackAlloc(job, node, grant(700, 100))]]]);
  const plan: PlanView = { nodeAllocation: byNode, nodeUpdate: new Map() };
  const tracker = new NodeUsageTracker(state, plan, job);
  t.equal(tracker.usage(node).cpu, 700);
  byNode.set(node.ID, [stackAlloc(job, node, grant(300, 100))]);
  t.equal(tracker.usage(node).cpu, 300);
});

t.test('committed usage is extended across snapshots and rebuilt when a record changes', async (t) => {
  const node = stackNode();
  const state = new StackState([node], [job]);
  const first = stackAlloc(job, node, grant(100, 100));
  state.addAllocs([first]);
  t.equal(new NodeUsageTracker(state, new GrowingPlan(), job).usage(node).cpu, 100);
  state.addAllocs([stackAlloc(job, node, grant(200, 100))]);
  t.equal(new NodeUsageTracker(state, new GrowingPlan(), job).usage(node).cpu, 300, 'appended allocation folded in');
  const other = new StackState([node], [job]);
  other.addAllocs([{ ...first, ClientStatus: 'complete' }]);
  t.equal(new NodeUsageTracker(other, new GrowingPlan(), job).usage(node).cpu, 0, 'a different record list rebuilds');
});
