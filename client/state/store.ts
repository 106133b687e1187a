/**
 * ClientStateStore: the client's durable local state (see contributing/decisions/0010).
 *
 * One JSON file per allocation under `<dataDir>/client/state/allocs/<allocID>.json`, replaced
 * atomically (temp file + fsync + rename + directory fsync) on every change. A `put` resolves
 * only after the data is on disk, so whatever the client acknowledged (a task handle, a restart
 * count) survives kill -9. Writes to one allocation are serialised; the last write wins.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DroverError } from '../../api/errors.js';
import { fsyncDir, writeFileDurable } from '../util/atomic-file.js';
import type { AllocRecord } from './records.js';

const ALLOC_ID = /^[0-9a-f-]{36}$/;

/** ClientStateStore persists AllocRecords. */
export class ClientStateStore {
  private readonly dir: string;
  private readonly chains = new Map<string, Promise<void>>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'client', 'state', 'allocs');
  }

  private path(allocId: string): string {
    if (!ALLOC_ID.test(allocId)) {
      throw new DroverError('DROVER_ERR_INVALID_ID', `invalid allocation ID ${JSON.stringify(allocId)}`, { statusCode: 400 });
    }
    return join(this.dir, `${allocId}.json`);
  }

  /** serialise runs `op` after every earlier write to the same allocation. */
  private serialise(allocId: string, op: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(allocId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(op);
    this.chains.set(allocId, next);
    void next.finally(() => {
      if (this.chains.get(allocId) === next) this.chains.delete(allocId);
    }).catch(() => undefined);
    return next;
  }

  /** putAlloc durably stores the record (snapshotted now, written in order). */
  putAlloc(record: AllocRecord): Promise<void> {
    const path = this.path(record.alloc.ID);
    const data = JSON.stringify(record);
    return this.serialise(record.alloc.ID, () => writeFileDurable(path, data));
  }

  /** deleteAlloc durably removes an allocation's record. */
  deleteAlloc(allocId: string): Promise<void> {
    const path = this.path(allocId);
    return this.serialise(allocId, async () => {
      await rm(path, { force: true });
      await fsyncDir(this.dir).catch(() => undefined);
    });
  }

  /** loadAll reads every record; unreadable files are reported, not fatal. */
  async loadAll(): Promise<{ records: AllocRecord[]; corrupt: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], corrupt: [] };
      throw e;
    }
    const records: AllocRecord[] = [];
    const corrupt: string[] = [];
    for (const name of names.sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      try {
        const rec = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as AllocRecord;
        if (typeof rec.alloc?.ID !== 'string' || typeof rec.tasks !== 'object') throw new Error('missing fields');
        records.push(rec);
      } catch {
        corrupt.push(name);
      }
    }
    return { records, corrupt };
  }

  /** flush waits for every pending write. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }
}
