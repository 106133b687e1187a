import t from 'tap';
import { readFile } from 'node:fs/promises';
import { identityPath, loadOrCreateIdentity } from '../../client/identity.js';
import { tempDir } from './helpers.js';

t.test('node identity is created once and reused across restarts', async (t) => {
  const dir = await tempDir(t);
  const first = await loadOrCreateIdentity(dir);
  t.match(first.nodeId, /^[0-9a-f-]{36}$/);
  t.not(first.nodeId, first.secretId, 'secret differs from the ID');
  const second = await loadOrCreateIdentity(dir);
  t.same(second, first, 'a restarted agent keeps its ID and secret');
  t.same(JSON.parse(await readFile(identityPath(dir), 'utf8')), first, 'persisted on disk');
});

t.test('a corrupt identity file is a coded error', async (t) => {
  const dir = await tempDir(t);
  await loadOrCreateIdentity(dir);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(identityPath(dir), '{"nodeId": 3}');
  await t.rejects(loadOrCreateIdentity(dir), { code: 'DROVER_ERR_CLIENT_STATE_CORRUPT' });
});
