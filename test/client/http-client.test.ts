import t from 'tap';
import Fastify from 'fastify';
import { HttpClient } from '../../api/http-client.js';

t.test('HttpClient: token, blocking query, coded errors', async (t) => {
  const app = Fastify();
  let index = 5;
  const seen: Array<Record<string, unknown>> = [];
  app.get<{ Querystring: { index?: string; wait?: string } }>('/v1/things', async (req, reply) => {
    seen.push({ token: req.headers['x-nomad-token'], index: req.query.index, wait: req.query.wait });
    void reply.header('X-Nomad-Index', String(index));
    return [{ ID: 'a' }];
  });
  app.put<{ Body: { Name: string } }>('/v1/thing', async (req) => ({ Got: req.body.Name }));
  app.get('/v1/missing', async (_req, reply) => reply.code(404).send({ code: 'DROVER_ERR_JOB_NOT_FOUND', message: 'job not found', location: 'id' }));
  app.get('/v1/plain-error', async (_req, reply) => reply.code(500).type('text/plain').send('boom'));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());

  const c = new HttpClient({ address: `${url}/`, token: 'secret-token' });
  const r = await c.get<Array<{ ID: string }>>('/v1/things', { index: 3, waitMs: 1500 });
  t.same(r, { value: [{ ID: 'a' }], index: 5 });
  t.same(seen[0], { token: 'secret-token', index: '3', wait: '1500ms' });
  index = 9;
  t.equal((await c.get('/v1/things')).index, 9);
  t.same((await c.put('/v1/thing', { Name: 'x' })).value, { Got: 'x' });
  await t.rejects(c.get('/v1/missing'), { code: 'DROVER_ERR_JOB_NOT_FOUND', statusCode: 404, location: 'id' });
  await t.rejects(c.get('/v1/plain-error'), { code: 'DROVER_ERR_HTTP_500', statusCode: 500 });
  const down = new HttpClient({ address: 'http://127.0.0.1:1' });
  await t.rejects(down.get('/v1/x'), { code: 'DROVER_ERR_UNREACHABLE', statusCode: 503 });
  const ac = new AbortController();
  const pending = c.get('/v1/never', { signal: ac.signal });
  ac.abort();
  await t.rejects(pending, { code: 'DROVER_ERR_CANCELLED' });
});
