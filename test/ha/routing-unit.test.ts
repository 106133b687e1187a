/**
 * Unit checks of the HA plumbing that needs no etcd: agent config for the etcd backend, which
 * requests a follower forwards, and the forwarding hook's answers (no loops, no leader, status).
 */
import Fastify from 'fastify';
import t from 'tap';
import { isDroverError } from '../../api/errors.js';
import { defaultAgentConfig, mergeConfigFile } from '../../cli/agent/config.js';
import type { HaRouting } from '../../server/http/forward.js';
import { haRequestHook, needsLeader } from '../../server/http/forward.js';

t.test('agent config: etcd_endpoints and etcd_prefix select the etcd backend', async (t) => {
  const c = mergeConfigFile(defaultAgentConfig(), 'server.hcl', 'server {\n  enabled = true\n  etcd_endpoints = ["http://127.0.0.1:2379", "http://127.0.0.2:2379"]\n  etcd_prefix = "/prod/"\n}\n');
  t.same(c.server.etcdEndpoints, ['http://127.0.0.1:2379', 'http://127.0.0.2:2379']);
  t.equal(c.server.etcdPrefix, '/prod/');
  const err = ((): unknown => { try { mergeConfigFile(defaultAgentConfig(), 'bad.hcl', 'server {\n  etcd_endpoints = "x"\n}\n'); return undefined; } catch (e) { return e; } })();
  t.ok(isDroverError(err) && err.code === 'DROVER_ERR_AGENT_CONFIG' && /bad\.hcl:2/.test(err.location ?? ''), 'a non-list is a located config error');
});

t.test('needsLeader: writes under /v1/ except agent-local routes', async (t) => {
  t.ok(needsLeader('PUT', '/v1/jobs'));
  t.ok(needsLeader('POST', '/v1/job/x/evaluate'));
  t.ok(needsLeader('DELETE', '/v1/job/x'));
  t.ok(needsLeader('PUT', '/v1/internal/node/register'));
  t.notOk(needsLeader('GET', '/v1/jobs'));
  t.notOk(needsLeader('PUT', '/v1/client/fs/cat/x'));
  t.notOk(needsLeader('PUT', '/v1/agent/join'));
});

t.test('the hook answers status from discovery and refuses to forward in a loop or without a leader', async (t) => {
  const state = { leader: false, leaderAddr: undefined as string | undefined };
  const routing: HaRouting = { isLeader: () => state.leader, selfAddr: () => '127.0.0.1:1', leaderAddr: () => state.leaderAddr, peers: () => ['127.0.0.1:1', '127.0.0.1:2'] };
  const app = Fastify();
  app.addHook('onRequest', haRequestHook(routing));
  app.put('/v1/jobs', async () => ({ local: true }));
  app.setErrorHandler((err: unknown, _req, reply) => reply.code(isDroverError(err) ? err.statusCode : 500).header('x-drover-error-code', isDroverError(err) ? err.code : 'X').send(String(err)));
  t.teardown(() => app.close());

  t.equal((await app.inject({ method: 'GET', url: '/v1/status/leader' })).body, '""', 'no leader known: empty string');
  t.same((await app.inject({ method: 'GET', url: '/v1/status/peers' })).json(), ['127.0.0.1:1', '127.0.0.1:2']);
  const none = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: {} });
  t.equal(none.statusCode, 503);
  t.equal(none.headers['x-drover-error-code'], 'DROVER_ERR_NO_LEADER', 'no leader: 503 DROVER_ERR_NO_LEADER');
  state.leaderAddr = '127.0.0.1:2';
  const loop = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: {}, headers: { 'x-drover-forwarded': '1' } });
  t.equal(loop.headers['x-drover-error-code'], 'DROVER_ERR_NO_LEADER', 'an already-forwarded request is not forwarded again');
  state.leader = true;
  t.same((await app.inject({ method: 'PUT', url: '/v1/jobs', payload: {} })).json(), { local: true }, 'the leader serves writes itself');
  t.equal((await app.inject({ method: 'GET', url: '/v1/status/leader' })).body, '"127.0.0.1:1"', 'the leader names itself');
});
