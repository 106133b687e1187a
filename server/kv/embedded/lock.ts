/**
 * DataDirLock: one process owns an embedded data dir. LMDB itself is multi-process safe, but the
 * revision counter's live watch notifications and the in-process election assume one owner.
 * The lock is a `drover.lock` file created with O_EXCL holding the owner's pid and its start
 * time (field 22 of /proc/<pid>/stat). A lock whose owner is dead, or whose pid now belongs to
 * another process (pid reuse after kill -9), is taken over.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { kvError } from '../errors.js';

/** DataDirLock is a held lock; `release` removes the lock file. */
export interface DataDirLock {
  release(): Promise<void>;
}

/** processStartTime reads a running process's start time in clock ticks; undefined if it is gone or a zombie. */
async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; fields after the closing paren start at field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    return state === 'Z' || state === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

async function ownerIsLive(owner: string): Promise<number | undefined> {
  const [pidText, startTime] = owner.trim().split(' ');
  const pid = Number.parseInt(pidText ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const actualStart = await processStartTime(pid);
  if (actualStart === undefined) return undefined;
  return startTime === undefined || startTime === actualStart ? pid : undefined;
}

/** lockDataDir takes the lock or throws DROVER_ERR_KV_LOCKED naming the live owner. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, 'drover.lock');
  const identity = `${process.pid} ${(await processStartTime(process.pid)) ?? ''}`.trim();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(identity);
      await handle.sync();
      await handle.close();
      return { release: () => fs.rm(lockPath, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await fs.readFile(lockPath, 'utf8').catch(() => '');
    const livePid = await ownerIsLive(owner);
    if (livePid === process.pid) {
      throw kvError('DROVER_ERR_KV_LOCKED', `data dir ${dataDir} is already open in this process`, { location: lockPath });
    }
    if (livePid !== undefined) {
      throw kvError('DROVER_ERR_KV_LOCKED', `data dir ${dataDir} is in use by process ${livePid}`, { location: lockPath });
    }
    await fs.rm(lockPath, { force: true });
  }
  throw kvError('DROVER_ERR_KV_LOCKED', `could not lock data dir ${dataDir}`, { location: lockPath });
}
