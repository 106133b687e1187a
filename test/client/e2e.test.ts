/**
 * End to end: a client agent against the fake server with the real raw_exec driver.
 */
import t from 'tap';
import Fastify from 'fastify';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { startClient } from '../../client/agent.js';
import { clientRoutes } from '../../client/http/routes.js';
import { builtinDrivers } from '../../drivers/index.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { startFakeServer } from './fake-server.js';
import { tempDir, waitFor } from './helpers.js';

t.test('a batch alloc runs to completion and its logs are readable', async (t) => {
  const fake = await startFakeServer({ ttlMs: 500 });
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  const agent = await startClient({ dataDir, servers: [fake.url], drivers: () => builtinDrivers({ enableRawExec: true }) });
  t.teardown(() => agent.shutdown());
  const app = Fastify();
  await app.register(clientRoutes(agent));
  t.teardown(() => app.close());

  await waitFor('registration', () => fake.nodes.get(agent.nodeId));
  const node = fake.nodes.get(agent.nodeId);
  t.equal(node?.Attributes['driver.raw_exec'], '1', 'raw_exec fingerprinted');
  t.equal(node?.SecretID, agent.node().SecretID);

  const task = mockTask('hello', 'raw_exec', {
    command: '/bin/sh',
    args: ['-c', 'echo "hello from ${NOMAD_TASK_NAME} in ${NOMAD_JOB_ID}"; echo oops >&2; echo data > "$NOMAD_ALLOC_DIR/data/out.txt"'],
  });
  const alloc = mockClientAlloc(agent.nodeId, [task], { jobId: 'e2e' });
  fake.upsertAlloc(alloc);

  const done = await waitFor('alloc complete on the server', () => {
    const a = fake.allocs.get(alloc.ID);
    return a?.ClientStatus === 'complete' ? a : undefined;
  }, 20_000);
  const state = done.TaskStates?.['hello'];
  t.equal(state?.State, 'dead');
  t.equal(state?.Failed, false);
  t.equal(state?.Events.find((e) => e.Type === 'Terminated')?.ExitCode, 0, 'exit code 0');
  t.same(state?.Events.map((e) => e.Type), ['Received', 'Task Setup', 'Started', 'Terminated']);
  t.ok(fake.updates.length >= 1, 'updates were batched to the server');

  const plain = await app.inject({ url: `/v1/client/fs/logs/${alloc.ID}?task=hello&type=stdout&plain=true` });
  t.equal(plain.statusCode, 200);
  t.equal(plain.body, 'hello from hello in e2e\n');
  t.equal(plain.headers['x-content-type-options'], 'nosniff');
  const framed = await app.inject({ url: `/v1/client/fs/logs/${alloc.ID.slice(0, 8)}?task=hello&type=stderr` });
  const frame = JSON.parse(framed.body.trim().split('\n')[0] ?? '{}') as { File: string; Offset: number; Data: string };
  t.equal(frame.File, 'alloc/logs/hello.stderr.0');
  t.equal(Buffer.from(frame.Data, 'base64').toString(), 'oops\n');
  const tail = await app.inject({ url: `/v1/client/fs/logs/${alloc.ID}?task=hello&plain=true&origin=end&offset=4` });
  t.equal(tail.body, 'e2e\n', 'origin=end offset=4 gives the last 4 bytes');
  const followed = await app.inject({ url: `/v1/client/fs/logs/${alloc.ID}?task=hello&plain=true&follow=true` });
  t.equal(followed.body, 'hello from hello in e2e\n', 'follow ends once the task is dead');

  const ls = await app.inject({ url: `/v1/client/fs/ls/${alloc.ID}?path=/` });
  t.same((JSON.parse(ls.body) as Array<{ Name: string }>).map((e) => e.Name), ['alloc', 'hello']);
  const cat = await app.inject({ url: `/v1/client/fs/cat/${alloc.ID}?path=alloc/data/out.txt` });
  t.equal(cat.body, 'data\n');
  const stat = await app.inject({ url: `/v1/client/fs/stat/${alloc.ID}?path=alloc/data/out.txt` });
  t.match(JSON.parse(stat.body), { Name: 'out.txt', IsDir: false, Size: 5 });
  await symlink('/etc', join(dataDir, 'alloc', alloc.ID, 'hello', 'local', 'etc'));
  for (const bad of ['../../..', '/etc/passwd', 'hello/secrets', 'hello/local/etc/passwd']) {
    const r = await app.inject({ url: `/v1/client/fs/cat/${alloc.ID}?path=${encodeURIComponent(bad)}` });
    t.equal(r.statusCode, 403, `cat ${bad} refused`);
    t.equal((JSON.parse(r.body) as { code: string }).code, 'DROVER_ERR_PATH_FORBIDDEN');
  }
  const missing = await app.inject({ url: `/v1/client/fs/logs/00000000-0000-4000-8000-000000000000?task=x` });
  t.equal(missing.statusCode, 404);
  const exec = await app.inject({ url: `/v1/client/allocation/${alloc.ID}/exec?task=hello&command=${encodeURIComponent('["/bin/true"]')}` });
  t.equal(exec.statusCode, 400, 'exec on a dead task is refused before the upgrade');
});

t.test('heartbeat 404 makes the client register again', async (t) => {
  const fake = await startFakeServer({ ttlMs: 100 });
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  const agent = await startClient({ dataDir, servers: [fake.url], drivers: () => builtinDrivers({ enableRawExec: false }), retryIntervalMs: 20 });
  t.teardown(() => agent.shutdown());
  await waitFor('registration', () => fake.registrations === 1);
  await waitFor('a heartbeat', () => fake.heartbeats >= 1);
  fake.forgetNode(agent.nodeId);
  await waitFor('re-registration', () => fake.registrations >= 2 && fake.nodes.has(agent.nodeId));
  t.pass('re-registered after the server forgot the node');
  t.equal(fake.nodes.get(agent.nodeId)?.Attributes['driver.raw_exec'], undefined, 'disabled raw_exec not advertised');
});
