/**
 * Reconciler specification: counts, names, stopped jobs, lost and migrating allocations.
 */
import t from 'tap';
import type { Allocation, Job } from '../../api/structs/index.js';
import { reconcile, StopDescriptions } from '../../server/scheduler/reconcile/index.js';
import type { NodeTaint } from '../../server/scheduler/reconcile/index.js';
import { mockJob, withGroup } from '../mock/index.js';
import type { ResultSummary } from '../harness/reconcile-fixtures.js';
import { allocsOf, desired, inputFor, names, nodeIdFor, range, summarize } from '../harness/reconcile-fixtures.js';

const job = mockJob();
const none: ResultSummary = { place: [], stop: [], inplace: [], destructive: [], attributeUpdates: [], followupEvals: 0 };

interface Case {
  name: string;
  job: Job | undefined;
  allocs: Allocation[];
  tainted?: Record<string, NodeTaint>;
  expect: Partial<ResultSummary>;
  desired: ReturnType<typeof desired>;
}

const cases: Case[] = [
  {
    name: 'a new job places count allocations named <job>.<group>[0..count-1]',
    job, allocs: [],
    expect: { place: names(range(0, 10)) },
    desired: desired({ Place: 10 }),
  },
  {
    name: 'a job with all its allocations running needs nothing',
    job, allocs: allocsOf(job, range(0, 10)),
    expect: {},
    desired: desired({ Ignore: 10 }),
  },
  {
    name: 'count up places the missing indexes after the existing ones',
    job: withGroup(job, { Count: 15 }), allocs: allocsOf(job, range(0, 10)),
    expect: { place: names(range(10, 15)) },
    desired: desired({ Place: 5, Ignore: 10 }),
  },
  {
    name: 'count down stops the highest name indexes first',
    job: withGroup(job, { Count: 7 }), allocs: allocsOf(job, range(0, 10)),
    expect: { stop: names([7, 8, 9]) },
    desired: desired({ Stop: 3, Ignore: 7 }),
  },
  {
    name: 'freed indexes are reused before new ones',
    job, allocs: allocsOf(job, [0, 1, 2, 4, 5, 6, 8, 9]),
    expect: { place: names([3, 7]) },
    desired: desired({ Place: 2, Ignore: 8 }),
  },
  {
    name: 'count 0 stops every allocation',
    job: withGroup(job, { Count: 0 }), allocs: allocsOf(job, range(0, 3)),
    expect: { stop: names([0, 1, 2]) },
    desired: desired({ Stop: 3 }),
  },
  {
    name: 'a stopped job stops every allocation',
    job: { ...job, Stop: true }, allocs: allocsOf(job, range(0, 3)),
    expect: { stop: names([0, 1, 2]) },
    desired: desired({ Stop: 3 }),
  },
  {
    name: 'a purged job stops every allocation',
    job: undefined, allocs: allocsOf(job, range(0, 3)),
    expect: { stop: names([0, 1, 2]) },
    desired: desired({ Stop: 3 }),
  },
  {
    name: 'a stopped job ignores allocations already stopped',
    job: { ...job, Stop: true }, allocs: allocsOf(job, range(0, 2), { DesiredStatus: 'stop', ClientStatus: 'complete' }),
    expect: {},
    desired: desired({ Ignore: 2 }),
  },
  {
    name: 'allocations on a down node are stopped as lost and replaced under the same names',
    job, allocs: allocsOf(job, range(0, 10)), tainted: { [nodeIdFor(3)]: 'down', [nodeIdFor(4)]: 'down' },
    expect: { stop: names([3, 4]), place: names([3, 4]) },
    desired: desired({ Stop: 2, Place: 2, Ignore: 8 }),
  },
  {
    name: 'allocations on a garbage-collected node are lost',
    job, allocs: allocsOf(job, range(0, 10)), tainted: { [nodeIdFor(9)]: 'missing' },
    expect: { stop: names([9]), place: names([9]) },
    desired: desired({ Stop: 1, Place: 1, Ignore: 9 }),
  },
  {
    name: 'lost allocations beyond a reduced count are stopped but not replaced',
    job: withGroup(job, { Count: 8 }), allocs: allocsOf(job, range(0, 10)), tainted: { [nodeIdFor(9)]: 'down' },
    expect: { stop: names([8, 9]) },
    desired: desired({ Stop: 2, Ignore: 8 }),
  },
  {
    name: 'allocations on a draining node stay until the drainer marks them',
    job, allocs: allocsOf(job, range(0, 10)), tainted: { [nodeIdFor(0)]: 'draining' },
    expect: {},
    desired: desired({ Ignore: 10 }),
  },
  {
    name: 'allocations marked for migration are stopped and replaced under the same name',
    job, allocs: [...allocsOf(job, range(0, 9)), ...allocsOf(job, [9], { DesiredTransition: { Migrate: true } })],
    tainted: { [nodeIdFor(9)]: 'draining' },
    expect: { stop: names([9]), place: names([9]) },
    desired: desired({ Migrate: 1, Ignore: 9 }),
  },
  {
    name: 'a completed service allocation is replaced',
    job, allocs: [...allocsOf(job, range(0, 9)), ...allocsOf(job, [9], { ClientStatus: 'complete' })],
    expect: { place: names([9]) },
    desired: desired({ Place: 1, Ignore: 10 }),
  },
  {
    name: 'a group removed from the job has its allocations stopped',
    job, allocs: [...allocsOf(job, range(0, 10)), ...allocsOf(job, [0], { TaskGroup: 'db', Name: 'my-job.db[0]', ID: 'db-0'.padEnd(36, '0') })],
    expect: { stop: ['my-job.db[0]'] },
    desired: desired({ Ignore: 10 }),
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = reconcile(inputFor(c.job, c.allocs, c.tainted === undefined ? {} : { tainted: c.tainted }));
    t.same(summarize(result), { ...none, ...c.expect });
    t.same(result.desiredTGUpdates.web ?? desired({}), c.desired);
  });
}

t.test('lost allocations carry client status lost; replacements point at them', async (t) => {
  const allocs = allocsOf(job, range(0, 10));
  const result = reconcile(inputFor(job, allocs, { tainted: { [nodeIdFor(3)]: 'down' } }));
  t.equal(result.stop[0]?.clientStatus, 'lost');
  t.equal(result.stop[0]?.description, StopDescriptions.lost);
  t.equal(result.place[0]?.kind, 'lost');
  t.equal(result.place[0]?.previousAlloc?.ID, allocs[3]?.ID);
  t.equal(result.place[0]?.nameIndex, 3);
});

t.test('a stopped allocation whose node went down is marked lost without being counted', async (t) => {
  const allocs = [...allocsOf(job, range(0, 10)), ...allocsOf(job, [10], { DesiredStatus: 'stop', ClientStatus: 'running' })];
  const result = reconcile(inputFor(job, allocs, { tainted: { [nodeIdFor(10)]: 'down' } }));
  t.same(result.stop.map((s) => [s.alloc.Name, s.clientStatus]), [['my-job.web[10]', 'lost']]);
  t.same(result.place, []);
});

t.test('a purged job stops lost allocations as lost', async (t) => {
  const result = reconcile(inputFor(undefined, allocsOf(job, [0, 1]), { tainted: { [nodeIdFor(1)]: 'down' }, jobId: 'my-job' }));
  t.same(result.stop.map((s) => [s.alloc.Name, s.clientStatus ?? 'unchanged', s.description]), [
    ['my-job.web[0]', 'unchanged', StopDescriptions.jobStopped],
    ['my-job.web[1]', 'lost', StopDescriptions.lost],
  ]);
});

t.test('the reconciler does not mutate its input', async (t) => {
  const allocs = allocsOf(job, range(0, 10));
  const frozen = JSON.stringify(allocs);
  reconcile(inputFor(withGroup(job, { Count: 3 }), allocs, { tainted: { [nodeIdFor(1)]: 'down' } }));
  t.equal(JSON.stringify(allocs), frozen);
});
