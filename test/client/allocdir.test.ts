import t from 'tap';
import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AllocDir } from '../../client/allocdir/alloc-dir.js';
import { resolveInAllocDir } from '../../client/allocdir/safe-path.js';
import { safeJoinForWrite } from '../../client/allocdir/safe-join.js';
import { tempDir } from './helpers.js';

const ALLOC = '11111111-2222-4333-8444-555555555555';

t.test('alloc dir layout and modes', async (t) => {
  const root = await tempDir(t);
  const dir = new AllocDir(root, ALLOC);
  await dir.build();
  const p = await dir.buildTask('web');
  for (const sub of ['alloc/logs', 'alloc/data', 'alloc/tmp', 'web/local', 'web/secrets', 'web/tmp']) {
    t.ok((await stat(join(dir.root, sub))).isDirectory(), sub);
  }
  t.equal((await stat(p.secretsDir)).mode & 0o777, 0o700, 'secrets is 0700');
  t.equal((await stat(p.tmpDir)).mode & 0o1777, 0o1777, 'tmp is sticky 1777');
  t.throws(() => dir.taskPaths('../x'), { code: 'DROVER_ERR_TASK_NAME_INVALID' });
});

t.test('fs path resolution never escapes the alloc dir', async (t) => {
  const root = await tempDir(t);
  const outside = await tempDir(t);
  await writeFile(join(outside, 'host-secret'), 'nope');
  const dir = new AllocDir(root, ALLOC);
  await dir.build();
  const p = await dir.buildTask('web');
  await writeFile(join(p.localDir, 'ok.txt'), 'fine');
  await writeFile(join(p.secretsDir, 'token'), 'secret');
  await symlink(join(outside, 'host-secret'), join(p.localDir, 'escape-file'));
  await symlink(outside, join(p.localDir, 'escape-dir'));
  await symlink('../secrets/token', join(p.localDir, 'to-secret'));
  await symlink('ok.txt', join(p.localDir, 'inside-link'));
  await mkdir(join(dir.sharedDir, 'data', 'secrets'), { recursive: true });

  const table: Array<[string, string, 'ok' | number]> = [
    ['root as "/"', '/', 'ok'],
    ['a task file', 'web/local/ok.txt', 'ok'],
    ['a symlink that stays inside', 'web/local/inside-link', 'ok'],
    ['alloc/data/secrets is not a task secrets dir', 'alloc/data/secrets', 'ok'],
    ['dot-dot above the root', '../../etc/passwd', 403],
    ['dot-dot hidden in the middle', 'web/../../x', 403],
    ['absolute path', '/etc/passwd', 403],
    ['symlink to a host file', 'web/local/escape-file', 403],
    ['symlink to a host dir', 'web/local/escape-dir/host-secret', 403],
    ['secrets dir', 'web/secrets', 403],
    ['file in secrets', 'web/secrets/token', 403],
    ['secrets via dot-dot', 'web/local/../secrets/token', 403],
    ['symlink into secrets', 'web/local/to-secret', 403],
    ['NUL byte', 'web/local/ok.txt\0', 400],
    ['missing file', 'web/local/missing', 404],
  ];
  for (const [name, path, want] of table) {
    if (want === 'ok') {
      const r = await resolveInAllocDir(dir.root, path);
      t.ok(r.hostPath.startsWith(root), `${name}: resolved inside`);
    } else {
      const err = await resolveInAllocDir(dir.root, path).then(() => undefined, (e: unknown) => e as { statusCode?: number });
      t.equal(err?.statusCode, want, `${name}: ${want}`);
    }
  }
});

t.test('write destinations stay inside the task dir', async (t) => {
  const root = await tempDir(t);
  const outside = await tempDir(t);
  const dir = new AllocDir(root, ALLOC);
  await dir.build();
  const p = await dir.buildTask('web');
  await symlink(outside, join(p.localDir, 'out'));
  t.equal(await safeJoinForWrite(p.taskDir, 'local/a/b.txt', 'dest'), join(p.taskDir, 'local/a/b.txt'));
  await t.rejects(safeJoinForWrite(p.taskDir, '../../x', 'dest'), { code: 'DROVER_ERR_PATH_FORBIDDEN' });
  await t.rejects(safeJoinForWrite(p.taskDir, '/etc/x', 'dest'), { code: 'DROVER_ERR_PATH_FORBIDDEN' });
  await t.rejects(safeJoinForWrite(p.taskDir, 'local/out/x', 'dest'), { code: 'DROVER_ERR_PATH_FORBIDDEN' }, 'through a symlink');
});
