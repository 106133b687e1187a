/**
 * CLI building blocks without an agent: Nomad flag normalisation (alloc exec pass-through),
 * -tail line selection, the live block (escape codes only on a terminal, never with CI),
 * the API client's reading of the server's coded plain-text errors, and connection settings
 * (flags over DROVER_* over NOMAD_*, region on every request).
 */
import { Writable } from 'node:stream';
import t from 'tap';
import { errorFromResponse } from '../../api/http-client.js';
import { connect } from '../../cli/env.js';
import { normalizeFlags } from '../../cli/flags.js';
import { lastLines } from '../../cli/logs.js';
import { LiveBlock, liveOutput } from '../../cli/output/live.js';

class Sink extends Writable {
  text = '';
  isTTY = true;
  columns = 80;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

t.test('normalizeFlags', async (t) => {
  const cases: Array<[string[], string[]]> = [
    [['job', 'status', '-json', 'x'], ['job', 'status', '--json', 'x']],
    [['alloc', 'logs', '-f', '-tail', '-n', '3', 'a'], ['alloc', 'logs', '-f', '--tail', '-n', '3', 'a']],
    [['job', 'run', '-var=a=b', 'f'], ['job', 'run', '--var=a=b', 'f']],
    [['alloc', 'exec', 'abcd', '/bin/sh', '-c', 'exit 3'], ['alloc', 'exec', 'abcd', '--', '/bin/sh', '-c', 'exit 3']],
    [['alloc', 'exec', '-task', 't', '-address', 'x', 'abcd', 'ls', '-la'], ['alloc', 'exec', '--task', 't', '--address', 'x', 'abcd', '--', 'ls', '-la']],
    [['alloc', 'exec', '-i', 'abcd', 'cat'], ['alloc', 'exec', '-i', 'abcd', '--', 'cat']],
  ];
  for (const [input, want] of cases) t.same(normalizeFlags(input), want, input.join(' '));
});

t.test('lastLines', async (t) => {
  t.equal(lastLines('a\nb\nc\n', 2), 'b\nc\n');
  t.equal(lastLines('a\nb\nc', 2), 'b\nc\n');
  t.equal(lastLines('a\n', 5), 'a\n');
  t.equal(lastLines('', 3), '');
  t.equal(lastLines('a\nb\n', 0), '');
});

t.test('LiveBlock', async (t) => {
  const tty = new Sink();
  const live = new LiveBlock(tty as unknown as NodeJS.WriteStream, true);
  live.update(['working', 'row 1']);
  live.log('event');
  live.update(['working', 'row 2']);
  live.finish();
  const ESC = String.fromCharCode(27);
  t.ok(tty.text.includes(`${ESC}[2F${ESC}[J`), 'moves up over the two block lines and clears');
  t.match(tty.text, /event\n/);
  t.match(tty.text, /working\nrow 2\n$/, 'the final block stays, without the spinner');

  const plain = new Sink();
  plain.isTTY = false;
  const lines = new LiveBlock(plain as unknown as NodeJS.WriteStream);
  t.equal(lines.live, false);
  lines.update(['working']);
  lines.log('event');
  lines.finish();
  t.equal(plain.text, 'event\n', 'off a terminal: only the lines, no escape codes');
  t.notOk(plain.text.includes(ESC));

  const saved = process.env.CI;
  process.env.CI = 'true';
  t.equal(liveOutput(tty as unknown as NodeJS.WriteStream), false, 'CI=true disables the redraw');
  process.env.CI = 'false';
  t.equal(liveOutput(tty as unknown as NodeJS.WriteStream), true, 'CI=false does not');
  if (saved === undefined) delete process.env.CI; else process.env.CI = saved;
});

t.test('errorFromResponse reads the server error headers and plain-text bodies', async (t) => {
  const e = errorFromResponse('GET', '/v1/job/x', 404, 'job not found', new Headers({ 'X-Drover-Error-Code': 'DROVER_ERR_JOB_NOT_FOUND', 'X-Drover-Error-Location': encodeURIComponent('Job.ID') }));
  t.equal(e.code, 'DROVER_ERR_JOB_NOT_FOUND');
  t.equal(e.location, 'Job.ID');
  t.equal(e.message, 'GET /v1/job/x: job not found');
  t.equal(e.statusCode, 404);
  const j = errorFromResponse('GET', '/v1/client/fs/logs/a', 400, JSON.stringify({ code: 'DROVER_ERR_TASK_NOT_FOUND', message: 'unknown task', location: 'task' }));
  t.equal(j.code, 'DROVER_ERR_TASK_NOT_FOUND');
  t.equal(j.message, 'GET /v1/client/fs/logs/a: unknown task');
  t.equal(errorFromResponse('GET', '/x', 502, 'bad gateway').code, 'DROVER_ERR_HTTP_502');
});

t.test('connect: flags over DROVER_* over NOMAD_*, region on every request', async (t) => {
  const names = ['DROVER_ADDR', 'NOMAD_ADDR', 'DROVER_NAMESPACE', 'NOMAD_NAMESPACE', 'DROVER_REGION', 'NOMAD_REGION', 'DROVER_TOKEN', 'NOMAD_TOKEN'];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  t.teardown(() => { for (const n of names) { if (saved[n] === undefined) delete process.env[n]; else process.env[n] = saved[n]; } });
  for (const n of names) delete process.env[n];
  t.equal(connect({}).client.address, 'http://127.0.0.1:4646', 'default address');
  t.equal(connect({}).namespace, 'default');
  process.env.NOMAD_ADDR = 'http://nomad:1';
  process.env.NOMAD_NAMESPACE = 'from-nomad';
  process.env.NOMAD_REGION = 'eu';
  t.equal(connect({}).client.address, 'http://nomad:1', 'NOMAD_ADDR fallback');
  t.equal(connect({}).namespace, 'from-nomad');
  process.env.DROVER_ADDR = 'drover:2';
  process.env.DROVER_NAMESPACE = 'from-drover';
  t.equal(connect({}).client.address, 'http://drover:2', 'DROVER_ADDR wins, scheme added');
  t.equal(connect({}).namespace, 'from-drover');
  const c = connect({ address: 'http://flag:3', namespace: 'flag-ns', region: 'us' });
  t.equal(c.client.address, 'http://flag:3', 'the flag wins');
  t.equal(c.namespace, 'flag-ns');
  t.equal(c.region, 'us');
  t.match(c.client.url('/v1/jobs', { query: { prefix: 'a' } }), /^http:\/\/flag:3\/v1\/jobs\?prefix=a&region=us$/);
  t.match(connect({}).client.url('/v1/jobs'), /region=eu$/, 'NOMAD_REGION applies');
});
