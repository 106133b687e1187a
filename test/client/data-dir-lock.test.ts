import t from 'tap';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir } from '../../client/state/data-dir-lock.js';
import { tempDir } from './helpers.js';

t.test('one client agent per data dir', async (t) => {
  const dir = await tempDir(t);
  const lockFile = join(dir, 'client', 'agent.pid');
  await mkdir(join(dir, 'client'), { recursive: true });

  await writeFile(lockFile, String(process.ppid));
  await t.rejects(lockDataDir(dir), { code: 'DROVER_ERR_DATA_DIR_LOCKED' }, 'held by another live process');

  await writeFile(lockFile, '2147483646');
  const lock = await lockDataDir(dir);
  t.equal(await readFile(lockFile, 'utf8'), String(process.pid), 'a dead holder (kill -9) is taken over');
  await lock.release();
  const again = await lockDataDir(dir);
  t.pass('released locks can be taken again');
  await again.release();
});
