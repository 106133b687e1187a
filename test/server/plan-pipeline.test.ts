/**
 * The plan applier with several commits outstanding (maxPipelineDepth > 1, the leader's
 * `planApplyPipeline`): commits overlap, and every plan is still verified against the overlay
 * of all of them, so a node is never double-booked.
 */
import t from 'tap';
import { PlanApplier } from '../../server/plan/applier.js';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { mockAlloc, mockNode, mockPlan } from '../mock/broker-evals.js';
import { MemPlanState, until } from '../mock/broker-state.js';

t.test('depth 2: two commits outstanding, the third plan is checked against both', async (t) => {
  const state = new MemPlanState([mockNode({ ID: 'a' })]); // 4000 MHz
  state.holdCommits = true;
  const queue = new PlanQueue();
  queue.enable();
  const applier = new PlanApplier({ queue, getState: () => state, commit: state.commit, maxPipelineDepth: 2 });
  applier.start();
  t.teardown(async () => {
    queue.disable();
    state.holdCommits = false;
    while (state.heldCommits > 0) state.releaseCommit();
    await applier.stop();
  });
  const plan = (): ReturnType<typeof mockPlan> => mockPlan({ NodeAllocation: { a: [mockAlloc('a', { cpu: 1500 })] } });
  const results = [queue.enqueue(plan()), queue.enqueue(plan()), queue.enqueue(plan())];
  await until(() => state.heldCommits === 2, 'two commits outstanding at once');
  t.equal(applier.overlaySize, 2, 'both outstanding results are in the overlay');
  while (state.heldCommits > 0) state.releaseCommit();
  const [r1, r2, r3] = await Promise.all(results);
  t.same(r1?.RejectedNodes, []);
  t.same(r2?.RejectedNodes, []);
  t.same(r3?.RejectedNodes, ['a'], 'the third would overcommit the node');
  t.ok((r3?.RefreshIndex ?? 0) >= (r2?.AllocIndex ?? 0), 'its RefreshIndex covers both commits');
  t.equal(state.commits.length, 2);
});
