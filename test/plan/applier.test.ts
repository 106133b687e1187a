import t from 'tap';
import type { Test } from 'tap';
import type { Plan, PlanResult } from '../../api/structs/index.js';
import { PlanApplier } from '../../server/plan/applier.js';
import type { PlanApplierOptions } from '../../server/plan/applier.js';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { MemPlanState, until } from '../mock/broker-state.js';
import { mockAlloc, mockNode, mockPlan } from '../mock/broker-evals.js';

function setup(t: Test, state: MemPlanState, extra: Partial<PlanApplierOptions> = {}) {
  const queue = new PlanQueue();
  queue.enable();
  const applier = new PlanApplier({ queue, getState: () => state, commit: state.commit, ...extra });
  const verified: string[] = [];
  applier.events.on('verified', (plan) => verified.push(plan.EvalID));
  applier.start();
  t.teardown(async () => {
    queue.disable();
    state.holdCommits = false;
    while (state.heldCommits > 0) state.releaseCommit();
    await applier.stop();
  });
  return { queue, applier, verified };
}

const placeOn = (nodeId: string, cpu: number, o: Partial<Plan> = {}): Plan =>
  mockPlan({ NodeAllocation: { [nodeId]: [mockAlloc(nodeId, { cpu })] }, ...o });

t.test('partial commit: misfit nodes are dropped and the worker gets a RefreshIndex', async (t) => {
  const full = mockNode({ ID: 'full' });
  const free = mockNode({ ID: 'free' });
  const state = new MemPlanState([full, free], [mockAlloc('full', { cpu: 3900 })]);
  const { queue } = setup(t, state);
  const stateIndexBefore = state.index;
  const plan = mockPlan({
    NodeAllocation: { full: [mockAlloc('full', { cpu: 500 })], free: [mockAlloc('free', { cpu: 500 })] },
    NodeUpdate: { full: [{ ...mockAlloc('full'), DesiredStatus: 'stop' }] },
  });
  const result = await queue.enqueue(plan);
  t.same(result.RejectedNodes, ['full']);
  t.same(Object.keys(result.NodeAllocation), ['free'], 'the fitting node is committed');
  t.same(result.NodeUpdate, {}, 'the stops on a rejected node are dropped with it');
  t.ok(result.AllocIndex > stateIndexBefore, 'AllocIndex is the commit index');
  t.equal(result.RefreshIndex, result.AllocIndex, 'RefreshIndex = max(state index, AllocIndex)');
  t.equal(state.commits.length, 1);
});

t.test('AllAtOnce: one misfit drops the whole plan; nothing is committed', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' }), mockNode({ ID: 'b' })]);
  const { queue } = setup(t, state);
  const plan = mockPlan({ AllAtOnce: true, NodeAllocation: { a: [mockAlloc('a', { cpu: 100 })], b: [mockAlloc('b', { cpu: 9999 })] } });
  const result = await queue.enqueue(plan);
  t.same(result.NodeAllocation, {});
  t.same(result.RejectedNodes, ['b']);
  t.equal(result.RefreshIndex, state.index);
  t.equal(result.AllocIndex, 0, 'nothing committed');
  t.equal(state.commits.length, 0);
});

t.test('a plan that fully fits has no RefreshIndex', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]);
  const { queue } = setup(t, state);
  const result = await queue.enqueue(placeOn('a', 1000));
  t.equal(result.RefreshIndex, 0);
  t.same(result.RejectedNodes, []);
  t.equal(state.allocsByNode('a').length, 1);
});

t.test('pipeline: plan N+1 is verified against N while N commits, and commits after it', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' }), mockNode({ ID: 'b' })]);
  state.holdCommits = true;
  const { queue, verified } = setup(t, state);
  const n = placeOn('a', 3000);
  const conflicting = placeOn('a', 3000);
  const elsewhere = placeOn('b', 3000);
  const rN = queue.enqueue(n);
  await until(() => state.heldCommits === 1, 'plan N commit started');
  const rConflict = queue.enqueue(conflicting);
  const rElsewhere = queue.enqueue(elsewhere);
  await until(() => verified.length === 3, 'N+1 and N+2 verified');
  t.equal(state.heldCommits, 1, 'both were verified while N was still committing');
  t.equal(state.commits.length, 0);
  state.releaseCommit();
  const resultN = await rN;
  await until(() => state.heldCommits === 1, 'N+2 commit started after N finished');
  state.releaseCommit();
  const [resultConflict, resultElsewhere] = await Promise.all([rConflict, rElsewhere]);
  t.same(resultConflict.RejectedNodes, ['a'], 'N+1 saw N in the overlay: node a would be overcommitted');
  t.ok(resultConflict.RefreshIndex >= resultN.AllocIndex, 'the refresh covers the commit of N');
  t.same(resultElsewhere.RejectedNodes, []);
  t.ok(resultElsewhere.AllocIndex > resultN.AllocIndex, 'commits are in verification order');
  const cpuOnA = state.allocsByNode('a').reduce((s, a) => s + (a.AllocatedResources.Tasks['web']?.Cpu.CpuShares ?? 0), 0);
  t.equal(cpuOnA, 3000, 'node a holds only plan N');
});

t.test('overlay: results committed but not yet visible in state still count', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]);
  state.applyVisible = false;
  const { queue, applier } = setup(t, state);
  const first = await queue.enqueue(placeOn('a', 3000));
  t.equal(state.allocsByNode('a').length, 0, 'the store has not caught up');
  const second = await queue.enqueue(placeOn('a', 3000));
  t.same(second.RejectedNodes, ['a']);
  t.ok(second.RefreshIndex >= first.AllocIndex, 'refresh to the unseen commit');
  t.equal(applier.overlaySize, 1);
  state.catchUp();
  const third = await queue.enqueue(placeOn('a', 3000));
  t.same(third.RejectedNodes, ['a'], 'now rejected by the state itself');
  t.equal(applier.overlaySize, 0, 'the overlay layer was pruned once visible');
});

t.test('a failed commit rejects the submitter and frees its overlay', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]);
  let fail = true;
  const { queue, applier } = setup(t, state, {
    commit: async (r: PlanResult) => {
      if (fail) throw new Error('txn refused');
      return state.commit(r);
    },
  });
  await t.rejects(queue.enqueue(placeOn('a', 3000)), { message: 'txn refused' });
  t.equal(applier.overlaySize, 0);
  fail = false;
  const ok = await queue.enqueue(placeOn('a', 3000));
  t.same(ok.RejectedNodes, [], 'the failed plan did not hold capacity');
});

t.test('a plan made on a newer snapshot waits for the state to catch up', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]);
  const waitedFor: number[] = [];
  const { queue } = setup(t, state, {
    waitForIndex: async (index) => {
      waitedFor.push(index);
      state.index = index;
    },
  });
  await queue.enqueue(placeOn('a', 100, { SnapshotIndex: 42 }));
  t.same(waitedFor, [42]);
});

t.test('stop drains: the loop ends and the lifecycle is stopped', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]);
  const queue = new PlanQueue();
  queue.enable();
  const applier = new PlanApplier({ queue, getState: () => state, commit: state.commit });
  const states: string[] = [];
  applier.events.on('stateChanged', (s) => states.push(s));
  applier.start();
  await queue.enqueue(placeOn('a', 100));
  await applier.stop();
  t.same(states, ['running', 'draining', 'stopped']);
});
