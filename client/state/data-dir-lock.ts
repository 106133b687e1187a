/**
 * Data dir lock: two client agents must never share one data dir (they would both adopt the same
 * tasks; Nomad uses a 5 s flock on state.db). Node has no flock, so the agent writes its PID to
 * `<dataDir>/client/agent.pid` (O_EXCL) and refuses to start while another live process holds it.
 * A lock left by a killed agent (dead PID) is taken over. A recycled PID can make a stale lock
 * look held: the error names the file so an operator can remove it.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DroverError } from '../../api/errors.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** DataDirLock is held while the agent runs; release() on shutdown. */
export interface DataDirLock {
  release(): Promise<void>;
}

/** lockDataDir takes the client lock of `dataDir` or throws DROVER_ERR_DATA_DIR_LOCKED. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, 'client', 'agent.pid');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await fh.writeFile(String(process.pid));
      await fh.sync();
      await fh.close();
      return { release: () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
      throw new DroverError('DROVER_ERR_DATA_DIR_LOCKED', `another client agent (pid ${holder}) uses data dir ${dataDir}; remove ${path} if that is wrong`, { statusCode: 409, location: path });
    }
    await rm(path, { force: true }); // stale: left by a dead agent (or by this process)
  }
  throw new DroverError('DROVER_ERR_DATA_DIR_LOCKED', `could not lock data dir ${dataDir}`, { statusCode: 409, location: path });
}
