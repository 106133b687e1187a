/**
 * DataDirLock: one process owns an embedded data dir. LMDB itself is multi-process safe, but the
 * revision counter's live watch notifications and the in-process election assume one owner.
 * The lock is a `drover.lock` file created with O_EXCL holding the owner's pid; a lock left by a
 * dead process (kill -9) is taken over.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { kvError } from '../errors.js';

/** DataDirLock is a held lock; `release` removes the lock file. */
export interface DataDirLock {
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** lockDataDir takes the lock or throws DROVER_ERR_KV_LOCKED naming the live owner. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, 'drover.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      return { release: () => fs.rm(lockPath, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
      throw kvError('DROVER_ERR_KV_LOCKED', `data dir ${dataDir} is in use by process ${owner}`, { location: lockPath });
    }
    if (owner === process.pid) {
      throw kvError('DROVER_ERR_KV_LOCKED', `data dir ${dataDir} is already open in this process`, { location: lockPath });
    }
    await fs.rm(lockPath, { force: true });
  }
  throw kvError('DROVER_ERR_KV_LOCKED', `could not lock data dir ${dataDir}`, { location: lockPath });
}
