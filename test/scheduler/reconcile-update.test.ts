/**
 * Reconciler specification: new job versions become in-place or destructive updates.
 */
import t from 'tap';
import type { Job } from '../../api/structs/index.js';
import { reconcile } from '../../server/scheduler/reconcile/index.js';
import { mockBatchJob, mockJob, mockTask, withGroup } from '../mock/index.js';
import { allocsOf, desired, inputFor, names, range, summarize } from '../harness/reconcile-fixtures.js';

const v0 = mockJob();
const bump = (job: Job): Job => ({ ...job, Version: 1, JobModifyIndex: job.JobModifyIndex + 1 });

t.test('a count-only change updates running allocations in place', async (t) => {
  const v1 = bump(withGroup(v0, { Count: 10, RestartPolicy: { ...v0.TaskGroups[0]!.RestartPolicy, Attempts: 1 } }));
  const result = reconcile(inputFor(v1, allocsOf(v0, range(0, 10)), { versions: [v0, v1] }));
  t.same(summarize(result).inplace, names(range(0, 10)));
  t.same(result.desiredTGUpdates.web, desired({ InPlaceUpdate: 10 }));
});

t.test('a task config change replaces every allocation (destructive) under the same names', async (t) => {
  const v1 = bump(withGroup(v0, { Tasks: [mockTask({ Config: { command: '/bin/sleep', args: ['60'] } })] }));
  const result = reconcile(inputFor(v1, allocsOf(v0, range(0, 10)), { versions: [v0, v1] }));
  t.same(summarize(result).destructive, names(range(0, 10)));
  t.same(result.place, []);
  t.same(result.desiredTGUpdates.web, desired({ DestructiveUpdate: 10 }));
});

t.test('scale-down and update together: the surplus is stopped, the rest updated', async (t) => {
  const v1 = bump(withGroup(v0, { Count: 4, Tasks: [mockTask({ Resources: { CPU: 1000, MemoryMB: 256 } })] }));
  const result = reconcile(inputFor(v1, allocsOf(v0, range(0, 6)), { versions: [v0, v1] }));
  const summary = summarize(result);
  t.same(summary.stop, names([4, 5]));
  t.same(summary.destructive, names(range(0, 4)));
});

t.test('an allocation whose job version is no longer stored is replaced', async (t) => {
  const v1 = bump(withGroup(v0, { Count: 2 }));
  const result = reconcile(inputFor(v1, allocsOf(v0, [0, 1]), { versions: [v1] }));
  t.same(summarize(result).destructive, names([0, 1]));
});

t.test('an allocation on a node outside the job\'s datacenters is replaced', async (t) => {
  const v1 = bump({ ...v0, Datacenters: ['dc2'] });
  const input = { ...inputFor(v1, allocsOf(v0, [0]), { versions: [v0, v1] }), nodeOf: () => ({ Datacenter: 'dc1', NodePool: 'default' }) };
  const result = reconcile({ ...input, job: withGroup(v1, { Count: 1 }) });
  t.same(summarize(result).destructive, names([0]));
});

t.test('terminal allocations of an older version are not updated', async (t) => {
  const v1 = bump(withGroup(v0, { Count: 2 }));
  const allocs = [...allocsOf(v0, [0]), ...allocsOf(v0, [1], { ClientStatus: 'failed', ModifyTime: 0 })];
  const result = reconcile(inputFor(v1, allocs, { versions: [v0, v1] }));
  t.same(summarize(result).inplace, names([0]));
});

t.test('batch: finished allocations of an older version are history; the new version is placed', async (t) => {
  const b0 = mockBatchJob({ TaskGroups: [{ ...mockBatchJob().TaskGroups[0]!, Count: 2 }] });
  const b1 = bump(withGroup(b0, { Tasks: [mockTask({ Resources: { CPU: 200, MemoryMB: 100 } })] }));
  const result = reconcile(inputFor(b1, allocsOf(b0, [0, 1], { ClientStatus: 'complete' }), { versions: [b0, b1] }));
  t.same(summarize(result).place, names([0, 1], 'my-batch-job'));
  t.same(result.desiredTGUpdates.web, desired({ Place: 2, Ignore: 2 }));
});
