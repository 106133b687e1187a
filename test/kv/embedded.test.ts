/**
 * The conformance suite against the embedded LMDB backend, plus its embedded-only promises
 * (reopen keeps data and history, the data dir lock, history compaction).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openEmbeddedKv } from '../../server/kv/embedded/store.js';
import { runConformance } from './conformance.js';
import { bytes, takeBatches, text, type TapTest } from './helpers.js';

async function tempDir(t: TapTest): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'drover-kv-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('conformance', async (t) => {
  runConformance(t, async (t) => {
    const kv = await openEmbeddedKv({ dataDir: await tempDir(t) });
    t.teardown(() => kv.close());
    return kv;
  });
});

t.test('reopen keeps entries, the revision and watchable history', async (t) => {
  const dataDir = await tempDir(t);
  const first = await openEmbeddedKv({ dataDir });
  const r1 = (await first.txn({ ops: [{ kind: 'put', key: 'k/1', value: bytes('one') }] })).revision;
  const r2 = (await first.txn({ ops: [{ kind: 'put', key: 'k/2', value: bytes('two') }] })).revision;
  await first.close();
  const second = await openEmbeddedKv({ dataDir });
  t.teardown(() => second.close());
  t.equal(await second.revision(), r2);
  t.same((await second.range('k/')).entries.map((e) => text(e.value)), ['one', 'two']);
  const watch = second.watch('k/', r1);
  t.teardown(() => watch.close());
  t.same((await takeBatches(watch, (b) => b.length >= 2)).map((b) => b.revision), [r1, r2]);
  t.equal((await second.txn({ ops: [{ kind: 'put', key: 'k/3', value: bytes('three') }] })).revision, r2 + 1, 'counter continues');
});

t.test('a data dir is opened by one store at a time', async (t) => {
  const dataDir = await tempDir(t);
  const kv = await openEmbeddedKv({ dataDir });
  t.teardown(() => kv.close());
  await t.rejects(openEmbeddedKv({ dataDir }), { code: 'DROVER_ERR_KV_LOCKED' });
});

t.test('history beyond historyRevisions is compacted', async (t) => {
  const kv = await openEmbeddedKv({ dataDir: await tempDir(t), historyRevisions: 3 });
  t.teardown(() => kv.close());
  for (let i = 1; i <= 6; i++) await kv.txn({ ops: [{ kind: 'put', key: 'c/k', value: bytes(String(i)) }] });
  t.equal(text((await kv.range('c/', { revision: 3 })).entries[0]?.value), '3', 'revision 3 still readable');
  await t.rejects(kv.range('c/', { revision: 2 }), { code: 'DROVER_ERR_KV_COMPACTED' });
  const watch = kv.watch('c/', 1);
  t.teardown(() => watch.close());
  await t.rejects(takeBatches(watch, (b) => b.length >= 1), { code: 'DROVER_ERR_KV_COMPACTED' });
});

t.test('history beyond historyBytes is compacted, keeping at least the newest revision', async (t) => {
  const kv = await openEmbeddedKv({ dataDir: await tempDir(t), historyBytes: 3000 });
  t.teardown(() => kv.close());
  const big = Buffer.alloc(1000, 1);
  let last = 0;
  for (let i = 0; i < 10; i++) last = (await kv.txn({ ops: [{ kind: 'put', key: `b/${i}`, value: big }] })).revision;
  await t.rejects(kv.range('b/', { revision: 1 }), { code: 'DROVER_ERR_KV_COMPACTED' }, 'old history dropped');
  t.equal((await kv.range('b/', { revision: last - 1 })).entries.length, 9, 'the newest revisions are kept');
  const watch = kv.watch('b/', last);
  t.teardown(() => watch.close());
  t.same((await takeBatches(watch, (b) => b.length >= 1)).map((b) => b.revision), [last]);
  const huge = Buffer.alloc(10_000, 2);
  const single = (await kv.txn({ ops: [{ kind: 'put', key: 'b/huge', value: huge }] })).revision;
  t.equal((await kv.range('b/', { revision: single - 1 })).revision, single - 1, 'an entry over budget still keeps the previous state readable');
});

t.test('the store refuses use after close', async (t) => {
  const kv = await openEmbeddedKv({ dataDir: await tempDir(t) });
  await kv.close();
  await t.rejects(async () => kv.txn({ ops: [] }), { code: 'DROVER_ERR_KV_CLOSED' });
});
