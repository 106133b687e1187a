import t from 'tap';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AllocRunner } from '../../client/allocrunner/alloc-runner.js';
import { silentLogger } from '../../client/config.js';
import { ClientStateStore } from '../../client/state/store.js';
import { MockDriver } from '../../drivers/mock/driver.js';
import type { DriverPlugin } from '../../plugins/driver.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { tempDir } from './helpers.js';

const node = { ID: 'node-1', Name: 'n1', Datacenter: 'dc1', NodeClass: '', NodePool: 'default', Attributes: { 'kernel.name': 'linux' }, Meta: {} };

async function run(t: { teardown(fn: () => unknown): void }, task: ReturnType<typeof mockTask>, payload?: string) {
  const dataDir = await tempDir(t);
  const store = new ClientStateStore(dataDir);
  t.teardown(() => store.flush());
  const alloc = mockClientAlloc('node-1', [task]);
  if (payload !== undefined) alloc.Job.Payload = Buffer.from(payload).toString('base64');
  const runner = new AllocRunner({
    record: { alloc, tasks: {} }, node, region: 'global', allocsRoot: join(dataDir, 'alloc'),
    drivers: new Map<string, DriverPlugin>([['mock_driver', new MockDriver()]]), store, maxKillTimeoutMs: 1000, logger: silentLogger, onUpdate: () => undefined,
  });
  await runner.run();
  return { runner, taskDir: join(dataDir, 'alloc', alloc.ID, task.Name) };
}

t.test('template, artifact and dispatch payload land in the task dir', async (t) => {
  const src = await tempDir(t);
  await writeFile(join(src, 'tool.sh'), '#!/bin/sh\n');
  const task = mockTask('web', 'mock_driver', {}, {
    Templates: [{ EmbeddedTmpl: 'name={{ env "NOMAD_TASK_NAME" }} kernel=${attr.kernel.name}\n', DestPath: 'local/app.conf', Perms: '0600' }],
    Artifacts: [{ GetterSource: pathToFileURL(join(src, 'tool.sh')).href, RelativeDest: 'local/bin' }],
    DispatchPayload: { File: 'input.json' },
  });
  const { runner, taskDir } = await run(t, task, '{"n":1}');
  t.equal(runner.clientUpdate().ClientStatus, 'complete');
  t.equal(await readFile(join(taskDir, 'local', 'app.conf'), 'utf8'), 'name=web kernel=linux\n');
  t.equal((await stat(join(taskDir, 'local', 'app.conf'))).mode & 0o777, 0o600);
  t.equal(await readFile(join(taskDir, 'local', 'bin', 'tool.sh'), 'utf8'), '#!/bin/sh\n');
  t.equal(await readFile(join(taskDir, 'local', 'input.json'), 'utf8'), '{"n":1}');
});

t.test('escaping destinations and remote artifacts fail the task without restart', async (t) => {
  const table: Array<[string, Partial<ReturnType<typeof mockTask>>, RegExp]> = [
    ['template escaping the task dir', { Templates: [{ EmbeddedTmpl: 'x', DestPath: '../../../../etc/evil' }] }, /escapes the task directory/],
    ['interpolated escape', { Templates: [{ EmbeddedTmpl: 'x', DestPath: '${meta.none}/../../x/../../../y' }] }, /escapes the task directory/],
    ['http artifact', { Artifacts: [{ GetterSource: 'https://example.com/a.tgz' }] }, /only file:\/\/ sources/],
    ['dispatch payload escape', { DispatchPayload: { File: '../../../p' } }, /escapes the task directory/],
  ];
  for (const [name, overrides, msg] of table) {
    const { runner } = await run(t, mockTask('web', 'mock_driver', {}, overrides), 'p');
    const s = runner.taskRunner('web')?.taskState;
    t.equal(s?.Failed, true, `${name}: failed`);
    t.equal(s?.Restarts, 0, `${name}: not restarted`);
    t.match(s?.Events.find((e) => e.Type === 'Setup Failure')?.DisplayMessage, msg, `${name}: message`);
  }
});
