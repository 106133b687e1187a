/**
 * A worker applies its own committed new placements from the submitted objects: the replica
 * must end up with the same records as decoding the committed bytes would give.
 */
import t from 'tap';
import type { Allocation, Plan } from '../../api/structs/index.js';
import { toTxn } from '../../server/fsm/to-txn.js';
import { decodeBatch } from '../../server/store/decode-batch.js';
import { StateStore } from '../../server/store/state-store.js';
import { keyOf } from '../../server/store/tables.js';
import { OwnPlacements } from '../../server/worker/own-placements.js';
import { mockAlloc } from '../mock/index.js';

function plan(nodeAllocation: Record<string, Allocation[]>): Plan {
  return {
    EvalID: 'e1', EvalToken: 't', Priority: 50, AllAtOnce: false, Namespace: 'default', JobID: 'j', JobVersion: 0, SnapshotIndex: 0,
    NodeUpdate: {}, NodeAllocation: nodeAllocation, NodePreemptions: {},
  } as unknown as Plan;
}

function committedEvents(allocs: Allocation[]): { type: 'put'; key: string; value: Uint8Array }[] {
  return toTxn({ type: 'plan.apply', allocs, evals: [] }).ops.map((op) => {
    if (op.kind !== 'put') throw new Error('expected puts');
    return { type: 'put', key: op.key, value: op.value };
  });
}

t.test('reused placements give the same replica records as decoding', async (t) => {
  const a = [mockAlloc({ NodeID: 'n1' }), mockAlloc({ NodeID: 'n1' }), mockAlloc({ NodeID: 'n2' })];
  const own = new OwnPlacements();
  const keys = own.register(plan({ n1: a.slice(0, 2), n2: a.slice(2) }));
  t.equal(keys.length, 3);
  const events = committedEvents(a);

  const reused = new StateStore();
  reused.apply({ index: 7, changes: decodeBatch(events, { dropMetrics: true, reuse: own.take }) }, true);
  const decoded = new StateStore();
  decoded.apply({ index: 7, changes: decodeBatch(events, { dropMetrics: true }) }, true);
  for (const x of a) {
    const r = reused.allocById(x.ID);
    t.not(r, x, 'the scheduler\'s own object is not put into the store (a copy is)');
    t.same(r, decoded.allocById(x.ID), `${x.ID}: same record as decoding gives`);
  }
  t.equal(own.size, 0, 'every registration is consumed by its commit');
});

t.test('existing allocations (stops, in-place updates) are never reused', async (t) => {
  const own = new OwnPlacements();
  t.same(own.register(plan({ n1: [mockAlloc({ CreateIndex: 5, ModifyIndex: 5 })] })), []);
  t.equal(own.size, 0);
});

t.test('placements on rejected nodes and failed submissions are forgotten', async (t) => {
  const own = new OwnPlacements();
  const onN1 = mockAlloc({ NodeID: 'n1' });
  const onN2 = mockAlloc({ NodeID: 'n2' });
  const p = plan({ n1: [onN1], n2: [onN2] });
  const keys = own.register(p);
  own.forgetUncommitted(p, ['n1']);
  t.equal(own.size, 1);
  t.equal(own.take(keyOf.alloc(onN2)), undefined, 'the rejected node\'s placement is gone');
  own.forget(keys);
  t.equal(own.size, 0);
  own.register(p);
  own.clear();
  t.equal(own.size, 0, 'clear (replica re-seeded) drops everything');
});
