/**
 * Client HTTP operations on a running allocation: stats, signal, restart, exec (WebSocket).
 * The exec test uses the mock driver extended with an echoing execStreaming (no built-in driver
 * implements execStreaming yet), which exercises the endpoint's framing end to end.
 */
import t from 'tap';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { startClient } from '../../client/agent.js';
import type { ClientAgent } from '../../client/agent.js';
import type { ClientAlloc } from '../../client/types.js';
import { clientRoutes } from '../../client/http/routes.js';
import { MockDriver } from '../../drivers/mock/driver.js';
import type { DriverPlugin, ExecStreamingOptions } from '../../plugins/driver.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { startFakeServer } from './fake-server.js';
import { tempDir, waitFor } from './helpers.js';

/** EchoExecDriver answers exec by echoing stdin to stdout, then exits with the command's length. */
class EchoExecDriver extends MockDriver {
  override readonly name = 'mock_driver';
  async execStreaming(_taskId: string, opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
    for await (const chunk of opts.stdin) opts.onStdout(chunk);
    return { exitCode: opts.command.length };
  }
}

/** RunningAlloc is a client agent with its HTTP routes and one running `web` service alloc. */
interface RunningAlloc {
  readonly agent: ClientAgent;
  readonly app: FastifyInstance;
  /** url is the listening address ('' unless `listen` was asked for). */
  readonly url: string;
  readonly alloc: ClientAlloc;
  /** stop asks the client to stop the alloc and waits until it has finished. */
  stop(): Promise<void>;
}

/** runningAlloc starts a fake server and a client agent whose `mock_driver` is `driver`, mounts
 * the client routes (listening on a free port when `listen`), and waits until a one-task
 * service alloc with task config `config` runs. Everything is torn down with `t`. */
async function runningAlloc(t: { teardown(fn: () => unknown): void }, driver: DriverPlugin, config: Record<string, unknown>, listen = false): Promise<RunningAlloc> {
  const fake = await startFakeServer();
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  const agent = await startClient({ dataDir, servers: [fake.url], drivers: new Map<string, DriverPlugin>([['mock_driver', driver]]) });
  t.teardown(() => agent.shutdown());
  const app = Fastify({ forceCloseConnections: true }); // fetch's keep-alive socket must not hold close()
  await app.register(clientRoutes(agent));
  const url = listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : '';
  t.teardown(() => app.close());
  await waitFor('registration', () => fake.nodes.has(agent.nodeId));
  const alloc = mockClientAlloc(agent.nodeId, [mockTask('web', 'mock_driver', config)], { type: 'service' });
  fake.upsertAlloc(alloc);
  await waitFor('running', () => agent.allocRunner(alloc.ID)?.taskRunner('web')?.taskState.State === 'running');
  const stop = async (): Promise<void> => {
    fake.upsertAlloc({ ...alloc, DesiredStatus: 'stop' });
    await waitFor('stopped', () => agent.allocRunner(alloc.ID)?.isFinished);
  };
  return { agent, app, url, alloc, stop };
}

t.test('stats, signal, restart and exec on a running alloc', async (t) => {
  const { agent, app, url, alloc, stop } = await runningAlloc(t, new EchoExecDriver(), { run_for: '1h' }, true);

  const stats = await app.inject({ url: `/v1/client/allocation/${alloc.ID}/stats` });
  t.equal(stats.statusCode, 200);
  t.ok((JSON.parse(stats.body) as { Tasks: Record<string, unknown> }).Tasks['web'], 'per-task usage');

  const sig = await app.inject({ method: 'POST', url: `/v1/client/allocation/${alloc.ID}/signal`, payload: { Signal: 'SIGHUP', Task: 'web' } });
  t.equal(sig.statusCode, 200);
  const badSig = await app.inject({ method: 'POST', url: `/v1/client/allocation/${alloc.ID}/signal`, payload: { Signal: 'rm -rf', Task: 'web' } });
  t.equal(badSig.statusCode, 400);

  const restart = await app.inject({ method: 'POST', url: `/v1/client/allocation/${alloc.ID}/restart`, payload: { TaskName: 'web' } });
  t.equal(restart.statusCode, 200);
  const tr = agent.allocRunner(alloc.ID)?.taskRunner('web');
  await waitFor('restarted', () => tr?.taskState.Restarts === 1 && tr.taskState.State === 'running');
  t.ok(tr?.taskState.Events.some((e) => e.Type === 'Restart Signaled'));

  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/client/allocation/${alloc.ID}/exec?task=web&command=${encodeURIComponent('["/bin/sh","-i"]')}`);
  const frames: Array<Record<string, unknown>> = [];
  ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  ws.send(JSON.stringify({ tty_size: { height: 24, width: 80 } }));
  ws.send(JSON.stringify({ stdin: { data: Buffer.from('echo hi\n').toString('base64') } }));
  ws.send(JSON.stringify({ stdin: { close: true } }));
  await waitFor('exited frame', () => frames.find((f) => f['exited'] === true));
  const out = frames.filter((f) => f['stdout'] !== undefined).map((f) => Buffer.from((f['stdout'] as { data: string }).data, 'base64').toString()).join('');
  t.equal(out, 'echo hi\n', 'stdin echoed back as stdout frames');
  t.same(frames.at(-1), { exited: true, result: { exit_code: 2 } });
  ws.close();

  const noCmd = await app.inject({ url: `/v1/client/allocation/${alloc.ID}/exec?task=web` });
  t.equal(noCmd.statusCode, 400);
  await stop();
});

t.test('exec on a driver without execStreaming is a clear 400', async (t) => {
  const { app, alloc, stop } = await runningAlloc(t, new MockDriver(), { run_for: '1h' });
  const r = await app.inject({ url: `/v1/client/allocation/${alloc.ID}/exec?task=web&command=${encodeURIComponent('["/bin/sh"]')}` });
  t.equal(r.statusCode, 400);
  t.match(JSON.parse(r.body), { code: 'DROVER_ERR_EXEC_UNSUPPORTED' });
  await stop();
});

t.test('logs follow streams output of a running task', async (t) => {
  const { url, alloc, stop } = await runningAlloc(t, new MockDriver(), { run_for: '1h', stdout_string: 'tick\n', stdout_repeat: 50, stdout_repeat_duration: '50ms' }, true);

  const ac = new AbortController();
  const res = await fetch(`${url}/v1/client/fs/logs/${alloc.ID}?task=web&type=stdout&follow=true&plain=true`, { signal: ac.signal });
  t.equal(res.status, 200);
  const reader = res.body!.getReader();
  let text = '';
  const deadline = Date.now() + 10_000;
  while ((text.match(/tick/g) ?? []).length < 3 && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  ac.abort();
  t.ok((text.match(/tick/g) ?? []).length >= 3, `followed output arrives while the task runs (${JSON.stringify(text.slice(0, 40))})`);
  t.match(text, /^(tick\n)+/);
  await stop();
});
