import t from 'tap';
import { EvalBroker } from '../../server/broker/eval-broker.js';
import { FAILED_QUEUE } from '../../server/broker/broker-types.js';
import type { EvalBrokerConfig } from '../../server/broker/broker-types.js';
import { nackReenqueueDelay } from '../../server/broker/nack-delay.js';
import { FakeClock } from '../mock/broker-clock.js';
import { mockEval } from '../mock/broker-evals.js';

function setup(config: EvalBrokerConfig = {}): { broker: EvalBroker; clock: FakeClock } {
  const clock = new FakeClock();
  let n = 0;
  const broker = new EvalBroker({ clock, newToken: () => `tok-${++n}`, random: () => 0, ...config });
  broker.enable();
  return { broker, clock };
}

async function take(broker: EvalBroker, queues = ['service', 'batch', 'system', 'sysbatch'] as const) {
  const d = await broker.dequeue(queues, 1);
  if (d === undefined) throw new Error('expected a ready evaluation');
  return d;
}

t.test('nack re-enqueue delay: 0, 1 s, then (k-1) x 20 s', async (t) => {
  const cfg = { initialMs: 1_000, subsequentMs: 20_000 };
  const cases = [
    { deliveries: 0, delay: 0 },
    { deliveries: 1, delay: 1_000 },
    { deliveries: 2, delay: 20_000 },
    { deliveries: 3, delay: 40_000 },
  ];
  for (const c of cases) t.equal(nackReenqueueDelay(c.deliveries, cfg), c.delay, `after ${c.deliveries} deliveries wait ${c.delay} ms`);
});

t.test('a disabled broker drops enqueues and refuses dequeues', async (t) => {
  const broker = new EvalBroker({ clock: new FakeClock() });
  t.equal(broker.state, 'initialized');
  broker.enqueue(mockEval());
  t.equal(broker.stats().totalReady, 0, 'enqueue before enable is dropped');
  await t.rejects(broker.dequeue(['service'], 1), { code: 'DROVER_ERR_BROKER_DISABLED' });
});

t.test('enqueue dedupes by ID; dequeue then ack removes the eval', async (t) => {
  const { broker } = setup();
  const e = mockEval();
  broker.enqueue(e);
  broker.enqueue(e);
  t.equal(broker.stats().totalReady, 1, 'the same ID is queued once');
  const d = await take(broker);
  t.equal(d.eval.ID, e.ID);
  t.equal(d.token, 'tok-1');
  t.equal(d.waitIndex, e.ModifyIndex, 'waitIndex defaults to the eval ModifyIndex');
  t.equal(broker.outstanding(e.ID), 'tok-1');
  t.throws(() => broker.ack(e.ID, 'wrong'), { code: 'DROVER_ERR_EVAL_TOKEN_MISMATCH' });
  broker.ack(e.ID, d.token);
  t.equal(broker.outstanding(e.ID), undefined);
  t.throws(() => broker.ack(e.ID, d.token), { code: 'DROVER_ERR_EVAL_NOT_OUTSTANDING' });
  t.same(broker.stats(), { totalReady: 0, totalUnacked: 0, totalPending: 0, totalWaiting: 0, totalCancelable: 0, byQueue: { service: { ready: 0, unacked: 0 } } });
});

t.test('ready queues: higher priority first, then lower CreateIndex', async (t) => {
  const { broker } = setup();
  const low = mockEval({ JobID: 'a', Priority: 10, CreateIndex: 1 });
  const highNew = mockEval({ JobID: 'b', Priority: 90, CreateIndex: 5 });
  const highOld = mockEval({ JobID: 'c', Priority: 90, CreateIndex: 3 });
  for (const e of [low, highNew, highOld]) broker.enqueue(e);
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await take(broker)).eval.ID);
  t.same(order, [highOld.ID, highNew.ID, low.ID]);
});

t.test('dequeue picks the highest priority across the requested queues only', async (t) => {
  const { broker } = setup();
  const batch = mockEval({ JobID: 'b', Type: 'batch', Priority: 70 });
  const service = mockEval({ JobID: 's', Type: 'service', Priority: 50 });
  broker.enqueue(service);
  broker.enqueue(batch);
  t.equal((await take(broker, ['service'] as never)).eval.ID, service.ID, 'service worker ignores the batch queue');
  t.equal((await take(broker, ['service', 'batch'] as never)).eval.ID, batch.ID);
});

t.test('one eval per job is in flight; ack promotes the best pending, the rest are cancelable', async (t) => {
  const { broker } = setup();
  const first = mockEval({ CreateIndex: 1, ModifyIndex: 1 });
  const older = mockEval({ CreateIndex: 2, ModifyIndex: 2 });
  const newest = mockEval({ CreateIndex: 3, ModifyIndex: 3 });
  const other = mockEval({ JobID: 'api', CreateIndex: 4, ModifyIndex: 4 });
  for (const e of [first, older, newest, other]) broker.enqueue(e);
  t.equal(broker.stats().totalPending, 2, 'two evals of job web wait behind the first');
  const d1 = await take(broker);
  const d2 = await take(broker);
  t.same([d1.eval.ID, d2.eval.ID], [first.ID, other.ID], 'the second web eval is not ready while the first is unacked');
  t.equal(broker.tryDequeue(['service']), undefined);
  broker.ack(d1.eval.ID, d1.token);
  t.same(broker.takeCancelable().map((e) => e.ID), [older.ID], 'the superseded eval is cancelable');
  t.same(broker.takeCancelable(), [], 'takeCancelable removes what it returns');
  t.equal((await take(broker)).eval.ID, newest.ID, 'the highest ModifyIndex is promoted');
});

t.test('nack re-enqueues after 1 s then 20 s; the third nack goes to the failed queue', async (t) => {
  const { broker, clock } = setup();
  const failedEvents: string[] = [];
  broker.events.on('failed', (e) => failedEvents.push(e.ID));
  const e = mockEval();
  broker.enqueue(e);
  let d = await take(broker);
  broker.nack(e.ID, d.token);
  t.equal(broker.stats().totalWaiting, 1, 'first nack waits');
  clock.advance(999);
  t.equal(broker.tryDequeue(['service']), undefined, 'not before 1 s');
  clock.advance(1);
  d = await take(broker);
  broker.nack(e.ID, d.token);
  clock.advance(19_999);
  t.equal(broker.stats().totalReady, 0, 'not before 20 s');
  clock.advance(1);
  d = await take(broker);
  broker.nack(e.ID, d.token);
  t.same(failedEvents, [e.ID]);
  t.equal(broker.tryDequeue(['service']), undefined, 'a failed eval is not delivered to schedulers');
  const failed = broker.tryDequeue([FAILED_QUEUE]);
  t.equal(failed?.eval.ID, e.ID, 'the leader reaper dequeues the failed queue');
  broker.ack(e.ID, failed!.token);
  t.equal(broker.stats().totalUnacked, 0);
});

t.test('nack timeout: an unacked delivery is presumed nacked; a late ack is refused', async (t) => {
  const { broker, clock } = setup({ nackTimeoutMs: 5_000, initialNackDelayMs: 0 });
  const timedOut: boolean[] = [];
  broker.events.on('nacked', (_e, to) => timedOut.push(to));
  const e = mockEval();
  broker.enqueue(e);
  const d = await take(broker);
  clock.advance(4_999);
  t.equal(broker.outstanding(e.ID), d.token, 'still outstanding before the timeout');
  clock.advance(1);
  t.same(timedOut, [true]);
  t.throws(() => broker.ack(e.ID, d.token), { code: 'DROVER_ERR_EVAL_NOT_OUTSTANDING' }, 'ack after the nack timer fired');
  const again = await take(broker);
  t.equal(again.eval.ID, e.ID, 'redelivered with a new token');
  t.not(again.token, d.token);
});

t.test('outstandingReset and pause/resume control the nack timer', async (t) => {
  const { broker, clock } = setup({ nackTimeoutMs: 1_000 });
  const e = mockEval();
  broker.enqueue(e);
  const d = await take(broker);
  clock.advance(900);
  broker.outstandingReset(e.ID, d.token);
  clock.advance(900);
  t.equal(broker.outstanding(e.ID), d.token, 'reset restarted the timeout');
  broker.pauseNackTimeout(e.ID, d.token);
  clock.advance(10_000);
  t.equal(broker.outstanding(e.ID), d.token, 'paused: no timeout while the plan is queued');
  broker.resumeNackTimeout(e.ID, d.token);
  clock.advance(999);
  t.equal(broker.outstanding(e.ID), d.token);
  clock.advance(1);
  t.equal(broker.outstanding(e.ID), undefined, 'resumed timer expires after the full timeout');
  t.throws(() => broker.outstandingReset(e.ID, d.token), { code: 'DROVER_ERR_EVAL_NOT_OUTSTANDING' });
});

t.test('Wait delays by a relative duration, WaitUntil until an absolute time', async (t) => {
  const { broker, clock } = setup();
  const wait = mockEval({ JobID: 'a', Wait: 3_000 * 1e6 });
  const until = mockEval({ JobID: 'b', WaitUntil: (clock.now() + 5_000) * 1e6 });
  const past = mockEval({ JobID: 'c', WaitUntil: (clock.now() - 1) * 1e6 });
  for (const e of [wait, until, past]) broker.enqueue(e);
  t.equal(broker.stats().totalWaiting, 2);
  t.equal((await take(broker)).eval.ID, past.ID, 'a WaitUntil in the past is ready at once');
  clock.advance(3_000);
  t.equal((await take(broker)).eval.ID, wait.ID);
  t.equal(broker.tryDequeue(['service']), undefined);
  broker.enqueue(until);
  t.equal(broker.stats().totalWaiting, 1, 'a waiting eval is deduped');
  clock.advance(2_000);
  t.equal((await take(broker)).eval.ID, until.ID);
});

t.test('a blocked dequeue wakes on enqueue, times out, or aborts', async (t) => {
  const { broker, clock } = setup();
  const waiting = broker.dequeue(['service'], 10_000);
  const e = mockEval();
  broker.enqueue(e);
  t.equal((await waiting)?.eval.ID, e.ID, 'woken by enqueue');
  const timingOut = broker.dequeue(['service'], 10_000);
  clock.advance(10_000);
  t.equal(await timingOut, undefined, 'timed out');
  const ac = new AbortController();
  const aborted = broker.dequeue(['service'], 0, ac.signal);
  ac.abort();
  t.equal(await aborted, undefined, 'aborted');
  const flushed = broker.dequeue(['service'], 0);
  broker.disable();
  await t.rejects(flushed, { code: 'DROVER_ERR_BROKER_DISABLED' }, 'disable rejects waiting dequeues');
  t.equal(clock.pendingTimers, 0, 'disable stops every timer');
});

t.test('disable flushes; restore re-enqueues pending evals and returns blocked ones', async (t) => {
  const { broker } = setup();
  broker.enqueue(mockEval());
  broker.disable();
  t.equal(broker.state, 'stopped');
  broker.enable();
  t.equal(broker.stats().totalReady, 0, 'flushed');
  const pending = mockEval({ JobID: 'a' });
  const blocked = mockEval({ JobID: 'b', Status: 'blocked' });
  const done = mockEval({ JobID: 'c', Status: 'complete' });
  const r = broker.restore([pending, blocked, done]);
  t.equal(r.enqueued, 1);
  t.same(r.blocked.map((e) => e.ID), [blocked.ID]);
  t.equal((await take(broker)).eval.ID, pending.ID);
});

t.test('requeue with token: held until ack, dropped on nack', async (t) => {
  const { broker } = setup({ initialNackDelayMs: 0 });
  const e = mockEval();
  broker.enqueue(e);
  let d = await take(broker);
  const reblocked = { ...e, Status: 'blocked' as const, ModifyIndex: 20 };
  broker.enqueueAll([{ eval: reblocked, token: d.token }]);
  t.equal(broker.stats().totalReady, 0, 'held while the delivery is outstanding');
  broker.ack(e.ID, d.token);
  d = await take(broker);
  t.equal(d.eval.ModifyIndex, 20, 'the requeued version is enqueued after the ack');
  broker.enqueueAll([{ eval: reblocked, token: d.token }]);
  broker.nack(e.ID, d.token);
  d = await take(broker);
  broker.ack(e.ID, d.token);
  t.equal(broker.stats().totalReady, 0, 'the requeue was dropped by the nack');
  broker.enqueueAll([{ eval: reblocked, token: 'stale' }]);
  t.equal(broker.stats().totalReady, 1, 'an untracked eval with a token is simply enqueued');
});

t.test('equal-priority heads of two queues: the injected random picks which queue', async (t) => {
  for (const c of [{ random: 0, expect: 'batch' }, { random: 0.9, expect: 'service' }]) {
    const { broker } = setup({ random: () => c.random });
    broker.enqueue(mockEval({ JobID: 's', Type: 'service', Priority: 50 }));
    broker.enqueue(mockEval({ JobID: 'b', Type: 'batch', Priority: 50 }));
    t.equal(broker.tryDequeue(['service', 'batch'])?.eval.Type, c.expect, `random ${c.random} -> ${c.expect}`);
  }
});

t.test('events report the lifecycle of a delivery', async (t) => {
  const { broker } = setup({ initialNackDelayMs: 0 });
  const seen: string[] = [];
  broker.events.on('enqueued', (_e, where) => seen.push(`enqueued:${where}`));
  broker.events.on('dequeued', (_e, _tok, n) => seen.push(`dequeued:${n}`));
  broker.events.on('nacked', (_e, timedOut) => seen.push(`nacked:${timedOut}`));
  broker.events.on('acked', () => seen.push('acked'));
  broker.events.on('enqueued', () => {
    throw new Error('a failing listener does not break the broker');
  });
  const e = mockEval();
  broker.enqueue(e);
  let d = broker.tryDequeue(['service'])!;
  broker.nack(e.ID, d.token);
  d = broker.tryDequeue(['service'])!;
  broker.ack(e.ID, d.token);
  t.same(seen, ['enqueued:service', 'dequeued:1', 'nacked:false', 'enqueued:service', 'dequeued:2', 'acked']);
});
