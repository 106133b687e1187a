/** Allocation names `<job>.<group>[<index>]` and the name index that reuses freed indexes. */
import t from 'tap';
import { NameIndex } from '../../server/scheduler/reconcile/name-index.js';
import { allocName, allocNameIndex } from '../../server/scheduler/util/alloc-name.js';
import { mockAlloc } from '../mock/index.js';

t.test('allocName and allocNameIndex round-trip', async (t) => {
  t.equal(allocName('my-job', 'web', 7), 'my-job.web[7]');
  const table: Array<[string, number | undefined]> = [
    ['my-job.web[0]', 0], ['my-job.web[12]', 12], ['a[b].c[3]', 3], ['my-job.web[]', undefined], ['my-job.web', undefined], ['x[1a]', undefined],
  ];
  for (const [name, index] of table) t.equal(allocNameIndex(name), index, name);
});

t.test('NameIndex hands out the lowest free indexes below count, then reuses released ones', async (t) => {
  const inUse = [0, 2, 5].map((i) => mockAlloc({ Name: `my-job.web[${i}]` }));
  const names = new NameIndex('my-job', 'web', 6, inUse);
  t.same(names.next(2), ['my-job.web[1]', 'my-job.web[3]']);
  names.release(2);
  t.same(names.next(2), ['my-job.web[2]', 'my-job.web[4]']);
  t.same(names.next(1), ['my-job.web[0]'], 'past count: falls back to low indexes');
});
