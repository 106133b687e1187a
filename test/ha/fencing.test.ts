/**
 * Fencing with real processes: the leader agent is paused (SIGSTOP) past its lease TTL, the
 * follower takes over and accepts writes, then the old leader resumes (SIGCONT) with a write
 * queued on its socket. That write must not commit (it is fenced, or refused because the old
 * leader already stepped down), the old leader steps down and follows the new one, and the new
 * leader's state is intact.
 */
import t from 'tap';
import { startEtcd } from '../support/etcd.js';
import { waitFor } from '../support/agent.js';
import { call, getJson, leaderOf, mockJob, rawConnection, serverConfig, startServers, stderrOf } from './cluster.js';

const LEASE_TTL_MS = 10_000;

t.test('a paused leader that lost its lease cannot commit and steps down', async (t) => {
  const etcd = await startEtcd(t);
  if (etcd === undefined) { t.plan(0, 'etcd is not installed (install etcd-server)'); return; }
  const servers = await startServers(t, await serverConfig(etcd.endpoint), 2);
  const oldAddr = await leaderOf(servers[0]!.address);
  const old = servers.find((s) => s.address === oldAddr)!;
  const next = servers.find((s) => s !== old)!;
  t.equal((await call(old.address, 'PUT', '/v1/jobs', { Job: mockJob('before-pause') })).status, 200, 'write before the pause');

  // A connection the old leader has already accepted, so the write is queued on its socket during
  // the pause. (On Linux, epoll_wait returns EINTR after SIGCONT, so Node runs the due timers —
  // the lease watchdog — before reading it: the old leader steps down first and refuses the write.
  // The fenced-commit path itself is covered in process by step-down.test.ts.)
  const conn = await rawConnection(old.address);
  t.teardown(() => conn.close());
  t.equal((await conn.request('GET', '/v1/status/leader')).status, 200, 'kept-alive connection to the leader');

  old.process.kill('SIGSTOP');
  let resumed = false;
  t.teardown(() => { if (!resumed) old.process.kill('SIGCONT'); });
  const pausedAt = Date.now();
  await waitFor(async () => ((await leaderOf(next.address)) === next.address ? true : undefined), 'the follower to take over', LEASE_TTL_MS + 30_000);
  // The lease expires TTL after its last keepalive, which precedes the pause by up to the
  // keepalive interval (TTL/3): no takeover can happen before ~2/3 of the TTL.
  const tookOverMs = Date.now() - pausedAt;
  t.ok(tookOverMs >= LEASE_TTL_MS * 0.6, `takeover only once the paused leader's lease expired (${tookOverMs} ms after the pause)`);
  t.equal((await call(next.address, 'PUT', '/v1/jobs', { Job: mockJob('new-leader-job') })).status, 200, 'the new leader accepts writes');

  // Queue a write on the paused process (handled locally: not forwarded), then resume it.
  const zombie = conn.request('PUT', '/v1/jobs', { Job: mockJob('zombie') }, { 'X-Drover-Forwarded': '1' });
  await new Promise((r) => setTimeout(r, 300));
  old.process.kill('SIGCONT');
  resumed = true;
  const answer = await zombie;
  t.not(answer.status, 200, `the deposed leader's write failed: ${answer.status} ${answer.code ?? ''} ${answer.body}`);
  t.ok(['DROVER_ERR_KV_FENCED', 'DROVER_ERR_NOT_LEADER', 'DROVER_ERR_NO_LEADER'].includes(answer.code ?? ''), `with a step-down code (${answer.code ?? 'none'})`);

  await waitFor(async () => ((await leaderOf(old.address)) === next.address ? true : undefined), 'the old leader to follow the new one', 30_000);
  t.match(stderrOf(old), /stepped down/, 'the old leader logged its step-down');
  t.comment(`old leader: ${/stepped down: [^\n]*/.exec(stderrOf(old))?.[0] ?? '?'}`);
  const jobs = (await getJson<Array<{ ID: string }>>(next.address, '/v1/jobs')).map((j) => j.ID).sort();
  t.same(jobs, ['before-pause', 'new-leader-job'], 'the new leader\'s state is intact: no zombie write');
  const forwarded = await call(old.address, 'PUT', '/v1/jobs', { Job: mockJob('via-old') });
  t.equal(forwarded.status, 200, 'the old leader now forwards writes to the new one');
  t.ok((await getJson<Array<{ ID: string }>>(next.address, '/v1/jobs')).some((j) => j.ID === 'via-old'), 'forwarded write is on the new leader');
});
