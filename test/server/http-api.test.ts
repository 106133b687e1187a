/**
 * The HTTP API through fastify's inject (no sockets): Nomad shapes, blocking queries, located
 * 4xx errors for bad input, and the internal client endpoints.
 */
import t from 'tap';
import { buildApp } from '../../server/http/app.js';
import { serverHttpDeps } from '../../server/http/server-deps.js';
import { mockNode } from '../mock/index.js';
import { startTestServer, waitUntil } from '../support/server.js';

const job = {
  ID: 'web', Name: 'web', Type: 'service', Datacenters: ['dc1'],
  TaskGroups: [{ Name: 'g', Count: 2, Tasks: [{ Name: 't', Driver: 'exec', Config: { command: '/bin/sleep', args: ['60'] }, Resources: { CPU: 100, MemoryMB: 64 } }] }],
};

t.test('HTTP API', async (t) => {
  const server = await startTestServer(t);
  const app = await buildApp(serverHttpDeps(server, () => '127.0.0.1:4646'));
  t.teardown(() => app.close());
  const node = mockNode();

  await t.test('node register through the internal API returns a heartbeat TTL', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/v1/internal/node/register', payload: { Node: node } });
    t.equal(res.statusCode, 200, res.body);
    t.ok(res.json().HeartbeatTTL >= 10e9, 'TTL in nanoseconds, at least min_heartbeat_ttl');
    const hb = await app.inject({ method: 'PUT', url: `/v1/internal/node/${node.ID}/heartbeat`, headers: { 'x-drover-node-secret': 'wrong' }, payload: {} });
    t.equal(hb.statusCode, 403, 'a wrong node secret is refused');
  });

  await t.test('PUT /v1/jobs registers a job; its evaluation places allocations', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: { Job: job } });
    t.equal(res.statusCode, 200, res.body);
    const { EvalID, JobModifyIndex } = res.json() as { EvalID: string; JobModifyIndex: number };
    t.ok(EvalID);
    t.ok(JobModifyIndex > 0);
    await waitUntil(server, () => server.store.evalById(EvalID)?.Status === 'complete', 'eval complete');
    const allocs = await app.inject({ method: 'GET', url: '/v1/job/web/allocations' });
    t.equal(allocs.json().length, 2);
    t.ok(Number(allocs.headers['x-nomad-index']) > 0, 'X-Nomad-Index is set');
    const got = await app.inject({ method: 'GET', url: '/v1/job/web' });
    t.equal(got.json().Status, 'running');
    t.equal(got.json().Priority, 50, 'canonicalized with Nomad defaults');
  });

  await t.test('a blocking query returns when the watched index moves', async (t) => {
    const first = await app.inject({ method: 'GET', url: '/v1/jobs' });
    const index = Number(first.headers['x-nomad-index']);
    const waiting = app.inject({ method: 'GET', url: `/v1/jobs?index=${index}&wait=30s` });
    await app.inject({ method: 'PUT', url: '/v1/jobs', payload: { Job: { ...job, ID: 'other', Name: 'other' } } });
    const res = await waiting;
    t.ok(Number(res.headers['x-nomad-index']) > index, 'answered with a newer index');
    t.ok((res.json() as Array<{ ID: string }>).some((j) => j.ID === 'other'));
  });

  await t.test('bad input gets a 4xx that names the field', async (t) => {
    const cases = [
      { name: 'unknown field with suggestion', payload: { Job: { ...job, Contraints: [] } }, status: 400, match: /Contraints.*did you mean "Constraints"/ },
      { name: 'wrong type', payload: { Job: { ...job, Priority: 'high' } }, status: 400, match: /Job\.Priority/ },
      { name: 'missing job', payload: {}, status: 400, match: /Job is required/ },
      { name: 'semantic: priority out of range', payload: { Job: { ...job, Priority: 1000 } }, status: 400, match: /Priority/ },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: c.payload });
      t.equal(res.statusCode, c.status, `${c.name}: status`);
      t.match(res.body, c.match, `${c.name}: message`);
      t.ok(res.headers['x-drover-error-code'], `${c.name}: coded`);
    }
    const deep = '{"Job":' + '['.repeat(200) + ']'.repeat(200) + '}';
    const res = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: deep, headers: { 'content-type': 'application/json' } });
    t.equal(res.statusCode, 400, 'deeply nested body is refused');
    const bad = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: '{"Job": ', headers: { 'content-type': 'application/json' } });
    t.equal(bad.statusCode, 400, 'malformed JSON is a 400');
    const missing = await app.inject({ method: 'GET', url: '/v1/job/nope' });
    t.equal(missing.statusCode, 404);
  });

  await t.test('check-index: a stale JobModifyIndex is refused with 409', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/v1/jobs', payload: { Job: job, EnforceIndex: true, JobModifyIndex: 1 } });
    t.equal(res.statusCode, 409);
    t.match(res.body, /Enforcing job modify index/);
  });

  await t.test('job plan dry-runs the scheduler without committing', async (t) => {
    // Let earlier registrations finish scheduling, so nothing else commits during the dry run.
    await waitUntil(server, () => [...server.store.allEvals()].every((e) => e.Status !== 'pending'), 'no pending evaluations');
    const before = server.store.index;
    const res = await app.inject({ method: 'POST', url: '/v1/job/web/plan', payload: { Job: { ...job, TaskGroups: [{ ...job.TaskGroups[0], Count: 3 }] }, Diff: true } });
    t.equal(res.statusCode, 200, res.body);
    const plan = res.json() as { Diff: { Type: string }; Annotations: { DesiredTGUpdates: Record<string, { Place: number }> } | null };
    t.equal(plan.Diff.Type, 'Edited');
    t.equal(plan.Annotations?.DesiredTGUpdates.g?.Place, 1, 'one more allocation would be placed');
    t.equal(server.store.index, before, 'nothing was committed');
  });

  await t.test('status, nodes and evaluations endpoints answer in Nomad shapes', async (t) => {
    t.equal((await app.inject({ method: 'GET', url: '/v1/status/leader' })).json(), '127.0.0.1:4646');
    const nodes = (await app.inject({ method: 'GET', url: '/v1/nodes' })).json() as Array<{ ID: string; Status: string }>;
    t.equal(nodes[0]?.ID, node.ID);
    const one = (await app.inject({ method: 'GET', url: `/v1/node/${node.ID}` })).json() as Record<string, unknown>;
    t.notOk('SecretID' in one, 'the node secret is never returned');
    const evals = (await app.inject({ method: 'GET', url: '/v1/evaluations' })).json() as unknown[];
    t.ok(evals.length >= 2);
  });
});
