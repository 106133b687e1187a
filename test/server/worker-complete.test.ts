/**
 * A worker hands its evaluation's final update to the leader together with the ack: the leader
 * acks only once the update is durable, and nacks (so the broker delivers again) when the write
 * fails or the token is stale.
 */
import t from 'tap';
import type { Evaluation } from '../../api/structs/index.js';
import type { ServerCore } from '../../server/core.js';
import type { Command } from '../../server/fsm/commands.js';
import { DEFAULT_HEARTBEAT } from '../../server/leader/heartbeats.js';
import { Leader } from '../../server/leader/leader.js';
import { StateStore } from '../../server/store/state-store.js';
import { mockEval } from '../mock/index.js';

function leaderWith(apply: (cmd: Command) => Promise<number>): { leader: Leader; writes: Command[] } {
  const writes: Command[] = [];
  const core: ServerCore = {
    store: new StateStore(), region: 'global', now: () => 1, newId: () => 'id',
    apply: async (cmd) => { writes.push(cmd); return apply(cmd); },
  };
  const leader = new Leader(core, { heartbeat: DEFAULT_HEARTBEAT, log: () => undefined });
  return { leader, writes };
}

async function delivered(leader: Leader, e: Evaluation): Promise<string> {
  leader.broker.enable();
  leader.broker.enqueue(e);
  const d = await leader.broker.dequeue([e.Type], 1_000);
  if (d === undefined) throw new Error('no delivery');
  return d.token;
}

t.test('the final update is written before the ack', async (t) => {
  let outstandingDuringWrite: string | undefined;
  const { leader, writes } = leaderWith(async () => { outstandingDuringWrite = leader.broker.outstanding(e.ID); return 10; });
  const e = mockEval();
  const token = await delivered(leader, e);
  await leader.workerHandlers().complete(e.ID, token, { ...e, Status: 'complete' });
  t.equal(writes.length, 1);
  t.equal(writes[0]?.type, 'eval.upsert');
  t.equal(outstandingDuringWrite, token, 'still outstanding while the update is written');
  t.equal(leader.broker.outstanding(e.ID), undefined, 'acked after the write');
  leader.broker.disable();
});

t.test('a failed write nacks: the evaluation is delivered again', async (t) => {
  const { leader } = leaderWith(async () => { throw new Error('disk full'); });
  const e = mockEval();
  const token = await delivered(leader, e);
  await t.rejects(leader.workerHandlers().complete(e.ID, token, { ...e, Status: 'complete' }), /disk full/);
  t.equal(leader.broker.outstanding(e.ID), undefined, 'no longer outstanding');
  const stats = leader.broker.stats();
  t.equal(stats.totalUnacked, 0);
  t.equal(stats.totalWaiting, 1, 'nacked: waits out the nack delay, then is delivered again');
  leader.broker.disable();
});

t.test('a stale token is refused without writing', async (t) => {
  const { leader, writes } = leaderWith(async () => 10);
  const e = mockEval();
  await delivered(leader, e);
  await t.rejects(leader.workerHandlers().complete(e.ID, 'stale', e), { code: 'DROVER_ERR_EVAL_TOKEN_MISMATCH' });
  t.equal(writes.length, 0);
  leader.broker.disable();
});

t.test('without an update the delivery is simply acked', async (t) => {
  const { leader, writes } = leaderWith(async () => 10);
  const e = mockEval();
  const token = await delivered(leader, e);
  await leader.workerHandlers().complete(e.ID, token, undefined);
  t.equal(writes.length, 0);
  t.equal(leader.broker.outstanding(e.ID), undefined);
  leader.broker.disable();
});
