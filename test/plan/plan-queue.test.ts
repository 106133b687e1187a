import t from 'tap';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { mockPlan } from '../mock/broker-evals.js';

t.test('plans come out by priority, then in submission order', async (t) => {
  const q = new PlanQueue();
  q.enable();
  const low = mockPlan({ Priority: 10 });
  const highA = mockPlan({ Priority: 80 });
  const highB = mockPlan({ Priority: 80 });
  for (const p of [low, highA, highB]) void q.enqueue(p).catch(() => {});
  t.equal(q.stats().depth, 3);
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.dequeue())?.plan.EvalID);
  t.same(order, [highA.EvalID, highB.EvalID, low.EvalID]);
});

t.test('the submitter gets what the applier responds', async (t) => {
  const q = new PlanQueue();
  q.enable();
  const waiting = q.dequeue();
  const submitted = q.enqueue(mockPlan());
  const pending = await waiting;
  const result = { NodeUpdate: {}, NodeAllocation: {}, RejectedNodes: [], RefreshIndex: 0, AllocIndex: 7 };
  pending!.respond(result);
  t.same(await submitted, result);
});

t.test('disable rejects queued plans; a disabled queue refuses and dequeues nothing', async (t) => {
  const q = new PlanQueue();
  await t.rejects(q.enqueue(mockPlan()), { code: 'DROVER_ERR_PLAN_QUEUE_DISABLED' }, 'never enabled');
  q.enable();
  const queued = q.enqueue(mockPlan());
  q.disable();
  await t.rejects(queued, { code: 'DROVER_ERR_PLAN_QUEUE_DISABLED' });
  t.equal(await q.dequeue(), undefined);
  q.enable();
  const ac = new AbortController();
  const waiting = q.dequeue(ac.signal);
  ac.abort();
  t.equal(await waiting, undefined, 'abort releases a waiting dequeue');
});
