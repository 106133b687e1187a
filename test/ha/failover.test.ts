/**
 * Leader failover with real processes: one etcd, two server agents, one client agent. Jobs are
 * registered through the follower (forwarded to the leader) and through the leader; the leader
 * is killed with SIGKILL right after acknowledging one more job. The follower must take over
 * within the lease TTL (+ slack), restore the broker from the store (the last job gets scheduled)
 * and hold every acknowledged job.
 */
import t from 'tap';
import { startEtcd } from '../support/etcd.js';
import { startAgent, waitFor } from '../support/agent.js';
import { call, getJson, killed, leaderOf, mockJob, serverConfig, startServers, stderrOf } from './cluster.js';

interface EvalStub { ID: string; Status: string; JobID: string }
interface AllocStub { ID: string; JobID: string; DesiredStatus: string }
interface NodeStub { ID: string; Status: string }

const LEASE_TTL_MS = 10_000;

t.test('followers forward writes; a killed leader is replaced and nothing acknowledged is lost', async (t) => {
  const etcd = await startEtcd(t);
  if (etcd === undefined) { t.plan(0, 'etcd is not installed (install etcd-server)'); return; }
  const cfg = await serverConfig(etcd.endpoint, '  min_heartbeat_ttl = "2s"\n  heartbeat_grace = "5s"\n');
  const servers = await startServers(t, cfg, 2);
  const leaderAddr = await leaderOf(servers[0]!.address);
  const leader = servers.find((s) => s.address === leaderAddr)!;
  const follower = servers.find((s) => s !== leader)!;
  t.ok(leader !== undefined && follower !== undefined, `leader ${leaderAddr}, follower ${follower.address}`);
  t.same((await getJson<string[]>(follower.address, '/v1/status/peers')).sort(), servers.map((s) => s.address.replace('http://', '')).sort(), 'peers lists both servers');

  await startAgent(t, ['-client', '-servers', `${leader.address},${follower.address}`]);
  await waitFor(async () => ((await getJson<NodeStub[]>(follower.address, '/v1/nodes')).some((n) => n.Status === 'ready') ? true : undefined), 'a ready node', 60_000);

  const acked: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (const [via, agent] of [['f', follower], ['l', leader]] as const) {
      const id = `ha-${via}-${i}`;
      const r = await call(agent.address, 'PUT', '/v1/jobs', { Job: mockJob(id) });
      t.equal(r.status, 200, `register ${id} through the ${via === 'f' ? 'follower (forwarded)' : 'leader'}: ${r.body}`);
      if (r.status === 200) acked.push(id);
    }
  }
  const notLeader = await call(follower.address, 'PUT', '/v1/jobs', { Job: mockJob('loop') }, { 'X-Drover-Forwarded': '1' });
  t.equal(notLeader.status, 503, 'a forwarded request reaching a follower is not forwarded again');
  t.equal(notLeader.code, 'DROVER_ERR_NO_LEADER', 'it answers DROVER_ERR_NO_LEADER');
  await waitFor(async () => {
    const evals = await getJson<EvalStub[]>(follower.address, '/v1/evaluations');
    return acked.every((id) => evals.some((e) => e.JobID === id && e.Status === 'complete')) ? true : undefined;
  }, 'evals of the first jobs complete (read on the follower)', 60_000);

  // One more job, acknowledged by the leader, then kill -9 at once.
  const last = await call(leader.address, 'PUT', '/v1/jobs', { Job: mockJob('ha-last', 2) });
  t.equal(last.status, 200, 'last job acknowledged');
  acked.push('ha-last');
  const killedAt = Date.now();
  await killed(leader);

  const newLeader = await waitFor(async () => ((await leaderOf(follower.address)) === follower.address ? true : undefined), 'the follower to lead', LEASE_TTL_MS + 30_000);
  const tookOverMs = Date.now() - killedAt;
  t.ok(newLeader, `follower leads ${tookOverMs} ms after the kill`);
  t.ok(tookOverMs < LEASE_TTL_MS + 15_000, `takeover within lease TTL + slack (${tookOverMs} ms)`);

  const jobs = await getJson<Array<{ ID: string }>>(follower.address, '/v1/jobs');
  for (const id of acked) t.ok(jobs.some((j) => j.ID === id), `acknowledged job ${id} present after failover`);

  await waitFor(async () => {
    const evals = await getJson<EvalStub[]>(follower.address, '/v1/job/ha-last/evaluations');
    const allocs = await getJson<AllocStub[]>(follower.address, '/v1/job/ha-last/allocations');
    return evals.some((e) => e.Status === 'complete') && allocs.filter((a) => a.DesiredStatus === 'run').length === 2 ? true : undefined;
  }, 'the last job scheduled by the new leader', 60_000);
  t.pass('the job registered right before the kill was scheduled (eval complete, 2 allocations)');

  const after = await call(follower.address, 'PUT', '/v1/jobs', { Job: mockJob('ha-after') });
  t.equal(after.status, 200, 'the new leader accepts writes');
  t.match(stderrOf(follower), /is the leader/, 'the new leader logged its election');
});
