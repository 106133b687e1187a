/**
 * CLI building blocks without an agent: Nomad flag normalisation (alloc exec pass-through),
 * -tail line selection, the live block (escape codes only on a terminal, never with CI),
 * and the API client's reading of the server's coded plain-text errors.
 */
import { Writable } from 'node:stream';
import t from 'tap';
import { errorFromResponse } from '../../api/http-client.js';
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
  t.match(tty.text, /\u001b\[2F\u001b\[J/, 'moves up over the two block lines and clears');
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
