/** The scheduler harness itself: snapshots are isolated, plans are applied, rejections are partial. */
import t from 'tap';
import type { Plan } from '../../api/structs/index.js';
import { Harness, MemoryState } from '../harness/index.js';
import { mockAlloc, mockJob, mockNode } from '../mock/index.js';

function planOf(allocs: Record<string, ReturnType<typeof mockAlloc>[]>, stops: Record<string, ReturnType<typeof mockAlloc>[]> = {}): Plan {
  return { EvalID: 'e', EvalToken: '', Priority: 50, AllAtOnce: false, Namespace: 'default', JobID: 'my-job', JobVersion: 0, NodeUpdate: stops, NodeAllocation: allocs, SnapshotIndex: 0 };
}

t.test('MemoryState: every write bumps the index; snapshots do not see later writes', async (t) => {
  const state = new MemoryState();
  const start = state.index;
  const node = state.upsertNode(mockNode());
  t.equal(node.CreateIndex, start + 1);
  const snap = state.snapshot();
  state.upsertAllocs([mockAlloc({ NodeID: node.ID })]);
  t.equal(snap.allocsByNode(node.ID).length, 0);
  t.equal(state.allocsByNode(node.ID).length, 1);
  const v0 = state.upsertJob(mockJob());
  state.upsertJob({ ...v0, Version: 1 });
  t.equal(state.job('default', 'my-job')?.Version, 1);
  t.equal(state.jobVersion('default', 'my-job', 0)?.Version, 0, 'older versions are kept');
});

t.test('Harness: a rejected node loses its placements and stops; stop-only nodes always commit', async (t) => {
  const [a, b, c] = ['node-a', 'node-b', 'node-c'];
  const h = new Harness({ rejectNodes: () => [a!, c!] });
  const running = h.state.upsertAllocs([mockAlloc({ ID: 'old-a', NodeID: a! }), mockAlloc({ ID: 'old-c', NodeID: c! })]);
  const stop = (id: string, nodeId: string) => ({ ...running.find((x) => x.ID === id)!, NodeID: nodeId, DesiredStatus: 'stop' as const });
  const { result, newState } = await h.submitPlan(planOf(
    { [a!]: [mockAlloc({ ID: 'new-a', NodeID: a! })], [b!]: [mockAlloc({ ID: 'new-b', NodeID: b! })] },
    { [a!]: [stop('old-a', a!)], [c!]: [stop('old-c', c!)] },
  ));
  t.same(result.RejectedNodes, [a]);
  t.ok(result.RefreshIndex > 0);
  t.ok(newState !== undefined, 'a refreshed state comes back');
  t.equal(h.state.allocById('new-b')?.DesiredStatus, 'run');
  t.equal(h.state.allocById('new-a'), undefined);
  t.equal(h.state.allocById('old-a')?.DesiredStatus, 'run', 'the rejected node keeps its allocation');
  t.equal(h.state.allocById('old-c')?.DesiredStatus, 'stop', 'stop-only node committed');
});

t.test('Harness context: fixed clock and deterministic UUID-shaped IDs', async (t) => {
  const h = new Harness({ now: 42 });
  const ctx = h.context();
  t.equal(ctx.now(), 42);
  t.equal(ctx.newId(), '00000000-0000-4000-8000-000000000001');
  t.equal(ctx.newId(), '00000000-0000-4000-8000-000000000002');
});
