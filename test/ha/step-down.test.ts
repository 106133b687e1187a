/**
 * Step-down on a real etcd, in process: a leader whose election key is gone (what a lease
 * expiry during a pause does) cannot commit — its write rejects with DROVER_ERR_KV_FENCED, it
 * steps down and campaigns again as a follower while the other server leads. A plan commit
 * whose outcome is unknown (etcd stalled past the request deadline) also ends the term, and the
 * server leads again once etcd is back (state rebuilt from the store).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { isDroverError } from '../../api/errors.js';
import { stepDownCause } from '../../server/ha/leadership-loop.js';
import { openKv } from '../../server/kv/index.js';
import type { DroverServer } from '../../server/server.js';
import { startServer } from '../../server/server.js';
import { mockAlloc } from '../mock/alloc.js';
import { mockEval } from '../mock/eval.js';
import type { Teardownable } from '../support/etcd.js';
import { startEtcd } from '../support/etcd.js';
import { waitFor } from '../support/agent.js';

async function etcdServer(t: Teardownable, endpoint: string, prefix: string, serverId: string): Promise<DroverServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drover-ha-server-'));
  const server = await startServer({ dataDir, numSchedulers: 0, serverId, kv: { kind: 'etcd', endpoints: [endpoint], prefix }, log: () => undefined });
  t.teardown(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return server;
}

t.test('stepDownCause: fenced writes always, unknown outcomes only for plan commits', async (t) => {
  const fenced = Object.assign(new Error('x'), { code: 'DROVER_ERR_KV_FENCED' });
  t.equal(stepDownCause('plan.apply', fenced), undefined, 'a plain Error is not a DroverError');
  const { kvError } = await import('../../server/kv/errors.js');
  t.ok(stepDownCause('job.register', kvError('DROVER_ERR_KV_FENCED', 'f')), 'fenced -> step down');
  t.ok(stepDownCause('plan.apply', kvError('DROVER_ERR_KV_UNAVAILABLE', 'u')), 'plan commit maybe committed -> step down');
  t.equal(stepDownCause('job.register', kvError('DROVER_ERR_KV_UNAVAILABLE', 'u')), undefined, 'other writes: the caller gets the 503 and re-reads');
  t.equal(stepDownCause('plan.apply', kvError('DROVER_ERR_KV_TXN_TOO_LARGE', 'b')), undefined, 'definite refusals do not end the term');
});

t.test('a leader whose election key is gone cannot commit and steps down', async (t) => {
  const etcd = await startEtcd(t);
  if (etcd === undefined) { t.plan(0, 'etcd is not installed (install etcd-server)'); return; }
  const prefix = `/drover-stepdown-${process.pid}/`;
  const a = await etcdServer(t, etcd.endpoint, prefix, 'server-a');
  await a.leadership;
  const b = await etcdServer(t, etcd.endpoint, prefix, 'server-b');
  t.ok(a.isLeader() && !b.isLeader(), 'a leads, b follows');

  // What a lease expiry does while `a` is paused: its key disappears and `b` wins.
  const raw = await openKv({ kind: 'etcd', endpoints: [etcd.endpoint], prefix });
  t.teardown(() => raw.close());
  await raw.txn({ ops: [{ kind: 'delete', key: '_election/drover-leader/server-a' }] });
  await b.leadership;
  t.ok(b.isLeader(), 'b leads after a\'s key is gone');

  const zombie = mockEval({ ID: 'zombie-eval' });
  const err = await a.apply({ type: 'eval.upsert', evals: [zombie] }).then(() => undefined, (e: unknown) => e);
  t.ok(isDroverError(err) && err.code === 'DROVER_ERR_KV_FENCED', `the deposed leader's write is fenced (${String(err)})`);
  t.notOk(a.isLeader(), 'a stepped down at once');
  await waitFor(() => (a.leader.isActive ? undefined : true), 'a\'s leader loops to stop', 10_000);
  const after = await a.apply({ type: 'eval.upsert', evals: [zombie] }).then(() => undefined, (e: unknown) => e);
  t.ok(isDroverError(after) && after.code === 'DROVER_ERR_NOT_LEADER', 'a refuses writes as a follower');

  await waitFor(async () => ((await raw.get('_election/drover-leader/server-a')) ? true : undefined), 'a to campaign again', 10_000);
  t.ok(b.isLeader() && !a.isLeader(), 'b still leads; a waits as a candidate');
  const good = mockEval({ ID: 'good-eval' });
  const index = await b.apply({ type: 'eval.upsert', evals: [good] });
  await waitFor(() => (a.store.index >= index ? true : undefined), 'a\'s mirror to catch up', 10_000);
  t.ok(b.store.evalById('good-eval') && a.store.evalById('good-eval'), 'the new leader writes; the follower mirrors it');
  t.notOk(b.store.evalById('zombie-eval') ?? a.store.evalById('zombie-eval'), 'the fenced write never committed');
});

t.test('a plan commit with an unknown outcome ends the term; the server leads again after', async (t) => {
  const etcd = await startEtcd(t);
  if (etcd === undefined) { t.plan(0, 'etcd is not installed (install etcd-server)'); return; }
  const a = await etcdServer(t, etcd.endpoint, `/drover-unknown-${process.pid}/`, 'server-a');
  await a.leadership;
  etcd.pause();
  const err = await a.apply({ type: 'plan.apply', allocs: [mockAlloc()], evals: [] }).then(() => undefined, (e: unknown) => e);
  t.notOk(a.isLeader(), 'a stepped down on the unknown outcome');
  etcd.resume();
  t.ok(isDroverError(err) && err.code === 'DROVER_ERR_KV_UNAVAILABLE', `the commit rejected as maybe committed (${String(err)})`);
  await waitFor(() => (a.isLeader() ? true : undefined), 'a to lead again', 40_000);
  t.pass('a re-campaigned and leads again');
});
