import t from 'tap';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { listRotatedIndexes, LogRotator, rotatedLogPath } from '../../client/logs/rotator.js';
import { tempDir } from './helpers.js';

t.test('rotates into numbered files and keeps max_files', async (t) => {
  const logDir = await tempDir(t);
  const r = new LogRotator({ logDir, task: 'web', stream: 'stdout', maxFiles: 3, maxFileSizeBytes: 10, pollMs: 10_000, truncateAfterBytes: 25 });
  await r.start();
  t.teardown(() => r.stop());
  await appendFile(r.livePath, 'aaaaaaaaaa' + 'bbbbbbbbbb' + 'cccc');
  await r.pump();
  t.same(await listRotatedIndexes(logDir, 'web', 'stdout'), [0, 1, 2]);
  t.equal(await readFile(rotatedLogPath(logDir, 'web', 'stdout', 0), 'utf8'), 'aaaaaaaaaa');
  t.equal(await readFile(rotatedLogPath(logDir, 'web', 'stdout', 2), 'utf8'), 'cccc');
  await appendFile(r.livePath, 'dddddddddd' + 'eeeeee');
  await r.pump();
  t.same(await listRotatedIndexes(logDir, 'web', 'stdout'), [1, 2, 3], 'oldest file removed');
  t.equal(await readFile(rotatedLogPath(logDir, 'web', 'stdout', 2), 'utf8'), 'ccccdddddd', 'the current file is filled first');
  t.equal(await readFile(rotatedLogPath(logDir, 'web', 'stdout', 3), 'utf8'), 'ddddeeeeee');
  t.equal((await stat(r.livePath)).size, 0, 'live file truncated after truncateAfterBytes');
  await appendFile(r.livePath, 'ff');
  await r.pump();
  t.same(await listRotatedIndexes(logDir, 'web', 'stdout'), [2, 3, 4]);
  t.equal(await readFile(rotatedLogPath(logDir, 'web', 'stdout', 4), 'utf8'), 'ff', 'continues after truncation');
});

t.test('a new rotator (agent restart) continues where the previous one stopped', async (t) => {
  const logDir = await tempDir(t);
  const opts = { logDir, task: 'job', stream: 'stderr' as const, maxFiles: 5, maxFileSizeBytes: 100, pollMs: 10_000 };
  const first = new LogRotator(opts);
  await first.start();
  await appendFile(first.livePath, 'line1\n');
  await first.pump();
  // simulate kill -9: no stop(); the task keeps writing while no agent runs
  await appendFile(first.livePath, 'line2\n');
  const second = new LogRotator(opts);
  await second.start();
  t.teardown(() => second.stop());
  await second.pump();
  t.equal(await readFile(rotatedLogPath(logDir, 'job', 'stderr', 0), 'utf8'), 'line1\nline2\n', 'no loss, no duplicate');
});
