/**
 * Reconciler specification: failed allocations are rescheduled per the group's ReschedulePolicy
 * (now, later through a follow-up eval, or not at all), and batch allocations that completed
 * are never replaced.
 */
import t from 'tap';
import type { Allocation, RescheduleEvent, ReschedulePolicy } from '../../api/structs/index.js';
import { FOLLOWUP_BATCH_WINDOW_NS, nextDelay, reconcile } from '../../server/scheduler/reconcile/index.js';
import { mockAlloc, mockBatchJob, mockJob, withGroup } from '../mock/index.js';
import { NOW, SECOND, allocsOf, desired, inputFor, names, nodeIdFor, range, summarize } from '../harness/reconcile-fixtures.js';

const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const job = mockJob(); // reschedule: 2 attempts in 10m, constant 5s delay
const iso = (ns: number): string => new Date(ns / 1_000_000).toISOString();

/** failedAt returns a failed allocation of index `i` whose task finished at `finishedNs`. */
function failedAt(i: number, finishedNs: number, overrides: Partial<Allocation> = {}): Allocation {
  return allocsOf(job, [i], {
    ClientStatus: 'failed',
    TaskStates: { web: { State: 'dead', Failed: true, Restarts: 0, LastRestart: null, StartedAt: null, FinishedAt: iso(finishedNs), Events: [] } },
    ...overrides,
  })[0]!;
}
const running = (indexes: number[]): Allocation[] => allocsOf(job, indexes);
const tracker = (...times: number[]): { Events: RescheduleEvent[] } => ({
  Events: times.map((time, i) => ({ RescheduleTime: time, PrevAllocID: `prev-${i}`, PrevNodeID: nodeIdFor(100 + i), Delay: 5 * SECOND })),
});

t.test('a failed allocation whose delay has passed is rescheduled now under the same name', async (t) => {
  const failed = failedAt(9, NOW - MINUTE);
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same(summarize(result).place, names([9]));
  const placement = result.place[0]!;
  t.equal(placement.kind, 'reschedule');
  t.equal(placement.previousAlloc?.ID, failed.ID);
  t.same([...placement.penaltyNodeIds], [failed.NodeID], 'the failed node is penalised');
  t.same(result.followupEvals, []);
});

t.test('penalty nodes include every node of earlier reschedules', async (t) => {
  const failed = failedAt(9, NOW - MINUTE, { RescheduleTracker: tracker(NOW - 2 * MINUTE) });
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same([...result.place[0]!.penaltyNodeIds].sort(), [failed.NodeID, nodeIdFor(100)].sort());
});

t.test('a failed allocation due within the 1s window is rescheduled now', async (t) => {
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failedAt(9, NOW - 4_500_000_000)]));
  t.same(summarize(result).place, names([9]));
});

t.test('a failed allocation whose delay has not passed gets a follow-up eval (reschedule later)', async (t) => {
  const failed = failedAt(9, NOW);
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  const summary = summarize(result);
  t.same(summary.place, []);
  t.same(summary.attributeUpdates, names([9]));
  t.equal(result.followupEvals.length, 1);
  const followup = result.followupEvals[0]!;
  t.match(followup, { Status: 'pending', TriggeredBy: 'alloc-reschedule', WaitUntil: NOW + 5 * SECOND, PreviousEval: 'eval-under-test', JobID: 'my-job', Type: 'service' });
  t.equal(result.attributeUpdates[0]!.followupEvalId, followup.ID);
  t.same(result.desiredTGUpdates.web, desired({ Ignore: 10 }), 'the failed allocation still holds its slot');
});

t.test('the follow-up eval itself reschedules the allocation now', async (t) => {
  const failed = failedAt(9, NOW, { FollowupEvalID: 'eval-under-test' });
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same(summarize(result).place, names([9]));
});

t.test('an allocation already waiting on another follow-up eval is left alone', async (t) => {
  const failed = failedAt(9, NOW, { FollowupEvalID: 'some-other-eval' });
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same(summarize(result), { place: [], stop: [], inplace: [], destructive: [], attributeUpdates: [], followupEvals: 0 });
});

t.test('delayed reschedules are batched into follow-up evals 5s wide', async (t) => {
  const allocs = [...running(range(0, 7)), failedAt(7, NOW), failedAt(8, NOW + 2 * SECOND), failedAt(9, NOW + FOLLOWUP_BATCH_WINDOW_NS + SECOND)];
  const result = reconcile(inputFor(job, allocs));
  t.same(result.followupEvals.map((e) => [e.TriggeredBy, e.WaitUntil]), [
    ['alloc-reschedule', NOW + 5 * SECOND],
    ['alloc-failure', NOW + 11 * SECOND],
  ]);
  const byName = Object.fromEntries(result.attributeUpdates.map((u) => [u.alloc.Name, u.followupEvalId]));
  t.equal(byName['my-job.web[7]'], result.followupEvals[0]!.ID);
  t.equal(byName['my-job.web[8]'], result.followupEvals[0]!.ID);
  t.equal(byName['my-job.web[9]'], result.followupEvals[1]!.ID);
});

t.test('reschedule attempts exhausted within the interval: the failed allocation is not replaced', async (t) => {
  const failed = failedAt(9, NOW - MINUTE, { RescheduleTracker: tracker(NOW - 5 * MINUTE, NOW - 3 * MINUTE) });
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same(summarize(result).place, []);
  t.same(result.followupEvals, []);
});

t.test('attempts older than the interval do not count', async (t) => {
  const failed = failedAt(9, NOW - MINUTE, { RescheduleTracker: tracker(NOW - 30 * MINUTE, NOW - 20 * MINUTE) });
  const result = reconcile(inputFor(job, [...running(range(0, 9)), failed]));
  t.same(summarize(result).place, names([9]));
});

t.test('an unlimited policy always reschedules', async (t) => {
  const unlimited: ReschedulePolicy = { Attempts: 0, Interval: 0, Delay: 30 * SECOND, DelayFunction: 'exponential', MaxDelay: HOUR, Unlimited: true };
  const failed = failedAt(0, NOW - 2 * HOUR, { RescheduleTracker: tracker(...range(0, 20).map((i) => NOW - 3 * HOUR + i)) });
  const result = reconcile(inputFor(withGroup(job, { Count: 1, ReschedulePolicy: unlimited }), [failed]));
  t.same(summarize(result).place, names([0]));
});

t.test('no reschedule policy: a failed service allocation is not replaced', async (t) => {
  const failed = failedAt(0, NOW - HOUR);
  const result = reconcile(inputFor(withGroup(job, { Count: 1, ReschedulePolicy: undefined }), [failed]));
  t.same(summarize(result).place, []);
});

t.test('scaling down drops failed allocations before running ones', async (t) => {
  const result = reconcile(inputFor(withGroup(job, { Count: 8 }), [...running(range(0, 9)), failedAt(9, NOW - MINUTE)]));
  const summary = summarize(result);
  t.same(summary.stop, names([8, 9]), 'the failed [9] and the highest running [8]');
  t.same(summary.place, []);
});

t.test('batch: successfully completed allocations are kept and not replaced', async (t) => {
  const batch = mockBatchJob();
  const allocs = allocsOf(batch, range(0, 10), { ClientStatus: 'complete' });
  const result = reconcile(inputFor(batch, allocs));
  t.same(summarize(result).place, []);
  t.same(result.desiredTGUpdates.web, desired({ Ignore: 10 }));
});

t.test('batch: a failed allocation is rescheduled, completed ones are not', async (t) => {
  const batch = mockBatchJob();
  const failed = mockAlloc({ ...allocsOf(batch, [3])[0]!, ID: 'failed-3'.padEnd(36, '0'), ClientStatus: 'failed', ModifyTime: NOW - MINUTE });
  const allocs = [...allocsOf(batch, [0, 1, 2, 4, 5, 6, 7, 8, 9], { ClientStatus: 'complete' }), failed];
  const result = reconcile(inputFor(batch, allocs));
  t.same(summarize(result).place, names([3], 'my-batch-job'));
  t.equal(result.place[0]!.kind, 'reschedule');
});

t.test('batch: a failed allocation with attempts exhausted is not replaced', async (t) => {
  const batch = mockBatchJob();
  const failed = mockAlloc({ ...allocsOf(batch, [0])[0]!, ClientStatus: 'failed', ModifyTime: NOW - MINUTE, RescheduleTracker: tracker(NOW - 3 * MINUTE, NOW - 2 * MINUTE) });
  const result = reconcile(inputFor(withGroup(batch, { Count: 1 }), [failed]));
  t.same(summarize(result).place, []);
});

t.test('nextDelay follows the delay function, capped at MaxDelay', async (t) => {
  const policy = (fn: ReschedulePolicy['DelayFunction']): ReschedulePolicy => ({ Attempts: 0, Interval: 0, Delay: 5 * SECOND, DelayFunction: fn, MaxDelay: 60 * SECOND, Unlimited: true });
  const withDelays = (...delays: number[]): Allocation => mockAlloc({
    ClientStatus: 'failed', ModifyTime: NOW,
    RescheduleTracker: { Events: delays.map((d, i) => ({ RescheduleTime: NOW - (delays.length - i) * SECOND, PrevAllocID: `p${i}`, PrevNodeID: 'n', Delay: d * SECOND })) },
  });
  const table: Array<[string, ReschedulePolicy['DelayFunction'], number[], number]> = [
    ['constant, first failure', 'constant', [], 5],
    ['constant, later failures', 'constant', [5, 5, 5], 5],
    ['exponential, first failure', 'exponential', [], 5],
    ['exponential doubles the last delay', 'exponential', [5, 10], 20],
    ['exponential is capped at MaxDelay', 'exponential', [5, 10, 20, 40], 60],
    ['fibonacci, second failure repeats the delay', 'fibonacci', [5], 5],
    ['fibonacci sums the last two delays', 'fibonacci', [5, 5, 10], 15],
    ['fibonacci is capped at MaxDelay', 'fibonacci', [20, 40], 60],
    ['fibonacci restarts after a reset', 'fibonacci', [60, 5], 5],
  ];
  for (const [name, fn, delays, expectedSeconds] of table) {
    t.equal(nextDelay(withDelays(...delays), policy(fn)), expectedSeconds * SECOND, name);
  }
  const longRun = mockAlloc({
    ClientStatus: 'failed', ModifyTime: NOW,
    RescheduleTracker: { Events: [{ RescheduleTime: NOW - 10 * MINUTE, PrevAllocID: 'p', PrevNodeID: 'n', Delay: 60 * SECOND }] },
  });
  t.equal(nextDelay(longRun, policy('exponential')), 5 * SECOND, 'a run longer than the cap resets the series to Delay');
});
