/**
 * StateStore.replaceAll: a full copy of the state replaces the store's content as one batch
 * (deletions of missing records, upserts of new or modified ones), seen by listeners.
 */
import t from 'tap';
import { StateStore } from '../../server/store/state-store.js';
import type { ChangeBatch, StateChange } from '../../server/store/tables.js';
import { keyOf } from '../../server/store/tables.js';
import { mockAlloc, mockEval, mockJob, mockNode } from '../mock/index.js';

/** seeded returns a store holding two nodes, a job (with its version), an alloc and an eval at index 10. */
function seeded(): { store: StateStore; changes: StateChange[] } {
  const job = mockJob({ ID: 'web', CreateIndex: 10, ModifyIndex: 10, JobModifyIndex: 10 });
  const a1 = mockAlloc({ ID: 'a1', NodeID: 'n1', JobID: 'web', CreateIndex: 10, ModifyIndex: 10 });
  const changes: StateChange[] = [
    { table: 'job_versions', key: keyOf.jobVersion(job.Namespace, job.ID, job.Version), record: { ...job } },
    { table: 'jobs', key: keyOf.job(job.Namespace, job.ID), record: job },
    { table: 'nodes', key: keyOf.node('n1'), record: mockNode({ ID: 'n1', CreateIndex: 10, ModifyIndex: 10 }) },
    { table: 'nodes', key: keyOf.node('n2'), record: mockNode({ ID: 'n2', CreateIndex: 10, ModifyIndex: 10 }) },
    { table: 'allocs', key: keyOf.alloc(a1), record: a1 },
    { table: 'evals', key: keyOf.eval('e1'), record: mockEval({ ID: 'e1', JobID: 'web', CreateIndex: 10, ModifyIndex: 10 }) },
  ];
  const store = new StateStore();
  store.apply({ index: 10, changes }, false);
  return { store, changes };
}

t.test('deletes missing records, upserts new and modified ones, keeps unchanged ones', async (t) => {
  const { store, changes } = seeded();
  const n1 = store.node('n1');
  const batches: ChangeBatch[] = [];
  store.onApply((b) => batches.push(b));
  const modified = mockNode({ ID: 'n2', Status: 'down', CreateIndex: 10, ModifyIndex: 14 });
  const next: StateChange[] = [
    ...changes.filter((c) => c.table === 'jobs' || c.table === 'job_versions'),
    { table: 'nodes', key: keyOf.node('n1'), record: structuredClone(n1!) },
    { table: 'nodes', key: keyOf.node('n2'), record: modified },
    { table: 'nodes', key: keyOf.node('n3'), record: mockNode({ ID: 'n3', CreateIndex: 15, ModifyIndex: 15 }) },
  ];
  const batch = store.replaceAll(15, next);

  t.equal(store.index, 15);
  t.equal(batches.length, 1, 'listeners see one batch');
  t.equal(batches[0], batch);
  t.equal(store.node('n1'), n1, 'an unchanged record (same ModifyIndex) is kept as it is');
  t.equal(store.node('n2'), modified, 'a modified record is upserted');
  t.ok(store.node('n3'), 'a new record is inserted');
  t.equal(store.allocById('a1'), undefined, 'a missing alloc is deleted');
  t.same(store.allocsByNode('n1'), [], 'and removed from its node index');
  t.equal(store.evalById('e1'), undefined, 'a missing eval is deleted');
  t.same(store.evalsByJob('default', 'web'), []);
  t.ok(store.job('default', 'web'), 'the job is still there');
  t.same(batch?.changes.map((c) => [c.key, c.record === null]).sort(), [
    [keyOf.alloc({ ID: 'a1', CreateTime: 0 }), true], [keyOf.eval('e1'), true], [keyOf.node('n2'), false], [keyOf.node('n3'), false],
  ].sort());
  t.equal(store.tableIndexOf('allocs'), 15, 'changed tables get the batch index');
  t.equal(store.tableIndexOf('jobs'), 10, 'unchanged tables keep theirs');
  t.equal(store.nodeAllocsIndex('n1'), 15, 'blocking queries on the node see the deletion');
});

t.test('deletes job versions and jobs that are gone', async (t) => {
  const { store, changes } = seeded();
  store.replaceAll(11, changes.filter((c) => c.table === 'nodes'));
  t.equal(store.job('default', 'web'), undefined);
  t.same(store.jobVersionsOf('default', 'web'), []);
  t.equal(store.nodes().length, 2);
});

t.test('a state at or below the current index is not applied', async (t) => {
  const { store } = seeded();
  let calls = 0;
  store.onApply(() => calls++);
  t.equal(store.replaceAll(10, []), undefined);
  t.equal(store.replaceAll(9, []), undefined);
  t.equal(calls, 0);
  t.ok(store.node('n1'), 'nothing was deleted');
});

t.test('an identical state advances the index with an empty batch', async (t) => {
  const { store } = seeded();
  const batch = store.replaceAll(12, store.records());
  t.same(batch?.changes, []);
  t.equal(store.index, 12);
  t.equal(store.tableIndexOf('nodes'), 10);
});
