import t from 'tap';
import { EvalBroker } from '../../server/broker/eval-broker.js';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { submitPlan } from '../../server/plan/submit-plan.js';
import { FakeClock } from '../mock/broker-clock.js';
import { mockEval, mockPlan } from '../mock/broker-evals.js';

t.test('submitPlan pauses the nack timer while the plan is queued and checks the token', async (t) => {
  const clock = new FakeClock();
  const broker = new EvalBroker({ clock, nackTimeoutMs: 1_000 });
  broker.enable();
  const queue = new PlanQueue();
  queue.enable();
  const e = mockEval();
  broker.enqueue(e);
  const d = broker.tryDequeue(['service'])!;

  await t.rejects(submitPlan(broker, queue, mockPlan({ EvalID: e.ID, EvalToken: 'stale' })), { code: 'DROVER_ERR_EVAL_TOKEN_MISMATCH' });

  const submitted = submitPlan(broker, queue, mockPlan({ EvalID: e.ID, EvalToken: d.token }));
  clock.advance(5_000);
  t.equal(broker.outstanding(e.ID), d.token, 'no nack timeout while the plan waits');
  const pending = await queue.dequeue();
  pending!.respond({ NodeUpdate: {}, NodeAllocation: {}, RejectedNodes: [], RefreshIndex: 0, AllocIndex: 3 });
  t.equal((await submitted).AllocIndex, 3);
  clock.advance(999);
  t.equal(broker.outstanding(e.ID), d.token);
  clock.advance(1);
  t.equal(broker.outstanding(e.ID), undefined, 'the timer resumed with the full timeout');
});
