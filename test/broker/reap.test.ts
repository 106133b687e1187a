import t from 'tap';
import { canceledEval, failedEvalWrites, FAILED_FOLLOWUP_BASELINE_NS, FAILED_FOLLOWUP_RANGE_NS } from '../../server/broker/reap.js';
import { mockEval } from '../mock/broker-evals.js';

t.test('a failed eval is written failed with a delayed failed-follow-up', async (t) => {
  const e = mockEval({ Priority: 70 });
  const { failed, followUp } = failedEvalWrites(e, { nowNs: 5, newId: () => 'follow', random: () => 0.5 });
  t.equal(failed.Status, 'failed');
  t.equal(failed.StatusDescription, 'evaluation reached delivery limit (3)');
  t.equal(failed.NextEval, 'follow');
  t.match(followUp, { ID: 'follow', Status: 'pending', TriggeredBy: 'failed-follow-up', PreviousEval: e.ID, Priority: 70, JobID: e.JobID });
  t.equal(followUp?.Wait, FAILED_FOLLOWUP_BASELINE_NS + FAILED_FOLLOWUP_RANGE_NS / 2, 'wait = 1 min + random share of 5 min');
  t.equal(e.Status, 'pending', 'the input is not mutated');
});

t.test('a failed _core eval gets no follow-up', async (t) => {
  const { followUp } = failedEvalWrites(mockEval({ Type: '_core', JobID: 'eval-gc' }), { nowNs: 0, newId: () => 'x', random: () => 0 });
  t.equal(followUp, undefined);
});

t.test('canceledEval', async (t) => {
  t.match(canceledEval(mockEval(), 9), { Status: 'canceled', ModifyTime: 9 });
});
