/**
 * The store mirror survives a failed KV watch: it resyncs (range + replace + watch again) with
 * backoff while the KV is unreachable, and stops with DROVER_ERR_STATE_STALE, failing its
 * waiters at once, only when the KV failed for good or the mirror is closed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Node } from '../../api/structs/index.js';
import { kvError } from '../../server/kv/errors.js';
import { openKv } from '../../server/kv/index.js';
import { openMirror } from '../../server/store/mirror.js';
import type { ChangeBatch } from '../../server/store/tables.js';
import { encodeRecord, keyOf } from '../../server/store/tables.js';
import { mockNode } from '../mock/index.js';
import { waitUntil } from '../support/server.js';
import type { TapTest } from '../kv/helpers.js';
import { FlakyKv } from './flaky-kv.js';

/** openFlaky opens an embedded KV in a temp dir, wrapped; closed with the test. */
async function openFlaky(t: TapTest): Promise<FlakyKv> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drover-mirror-'));
  const kv = new FlakyKv(await openKv({ kind: 'embedded', dataDir }));
  t.teardown(async () => {
    await kv.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return kv;
}

/** putNodes writes nodes in one txn; returns its revision. */
async function putNodes(kv: FlakyKv, ...nodes: Node[]): Promise<number> {
  const res = await kv.txn({ ops: nodes.map((n) => ({ kind: 'put' as const, key: keyOf.node(n.ID), value: encodeRecord(n) })) });
  return res.revision;
}

/** deleteNode deletes one node; returns the txn's revision. */
async function deleteNode(kv: FlakyKv, id: string): Promise<number> {
  return (await kv.txn({ ops: [{ kind: 'delete', key: keyOf.node(id) }] })).revision;
}

t.test('after the watch fails, the mirror resyncs and follows the KV again', async (t) => {
  const kv = await openFlaky(t);
  const [n1, n2, n3, n4, n5, n6, n7] = Array.from({ length: 7 }, (_, i) => mockNode({ ID: `node-${i + 1}` }));
  await putNodes(kv, n1!, n2!, n3!);
  const resyncs: number[] = [];
  const mirror = await openMirror(kv, { onResync: (index) => resyncs.push(index) });
  t.teardown(() => mirror.close());
  const batches: ChangeBatch[] = [];
  mirror.store.onApply((b) => batches.push(b));
  await mirror.waitFor(await putNodes(kv, n4!));
  t.ok(mirror.store.node('node-4'), 'the watch delivers before the outage');

  // Outage: the watch breaks and reads fail; another server keeps writing.
  kv.setDown(true);
  kv.breakWatches(kvError('DROVER_ERR_KV_UNAVAILABLE', 'connection lost'));
  await putNodes(kv, n5!);
  await deleteNode(kv, 'node-1');
  const duringRev = await putNodes(kv, { ...n2!, Status: 'down' });
  const pending = mirror.waitFor(duringRev);
  await waitUntil(mirror, () => kv.failedRanges >= 2, 'the mirror retries the range while the KV is down');
  t.equal(mirror.store.node('node-5'), undefined, 'writes made during the outage are not seen yet');
  t.same(resyncs, [], 'no resync while the KV is down');

  kv.setDown(false);
  const afterRev = await putNodes(kv, n6!);
  await pending;
  await mirror.waitFor(afterRev);
  t.ok(mirror.store.index >= afterRev, 'the store reached the revision written after the outage');
  t.equal(resyncs.length, 1, 'one resync');
  t.equal(mirror.store.node('node-1'), undefined, 'a node deleted during the outage is gone');
  t.equal(mirror.store.node('node-2')?.Status, 'down', 'a node modified during the outage is updated');
  t.equal(mirror.store.node('node-2')?.ModifyIndex, duringRev, 'stamped with the revision of its write');
  t.ok(mirror.store.node('node-5'), 'a node added during the outage is there');
  t.ok(mirror.store.node('node-6'), 'a node added after the outage is there');
  t.same(mirror.store.nodes().map((n) => n.ID), ['node-2', 'node-3', 'node-4', 'node-5', 'node-6']);
  const resyncBatch = batches.find((b) => b.changes.some((c) => c.key === keyOf.node('node-1') && c.record === null));
  t.ok(resyncBatch, 'store listeners saw the deletion');
  t.notOk(resyncBatch?.changes.some((c) => c.key === keyOf.node('node-3')), 'unchanged records are not rewritten');

  // The watch was restarted after the resync.
  const rangesBefore = kv.ranges;
  await mirror.waitFor(await putNodes(kv, n7!));
  t.ok(mirror.store.node('node-7'), 'writes after the resync arrive through the new watch');
  t.equal(kv.ranges, rangesBefore, 'no further range');
});

t.test('a compacted watch is resynced at once', async (t) => {
  const kv = await openFlaky(t);
  const mirror = await openMirror(kv);
  t.teardown(() => mirror.close());
  kv.breakWatches(kvError('DROVER_ERR_KV_COMPACTED', 'compacted'));
  await mirror.waitFor(await putNodes(kv, mockNode({ ID: 'node-a' })));
  t.ok(mirror.store.node('node-a'));
});

t.test('a KV that failed for good fails pending and future waits with DROVER_ERR_STATE_STALE', async (t) => {
  const kv = await openFlaky(t);
  const mirror = await openMirror(kv);
  t.teardown(() => mirror.close());
  const at = await putNodes(kv, mockNode());
  await mirror.waitFor(at);
  const started = performance.now();
  const pending = mirror.waitFor(at + 10);
  kv.breakWatches(kvError('DROVER_ERR_KV_FAILED', 'commit failed; fail-stop'));
  await t.rejects(pending, { code: 'DROVER_ERR_STATE_STALE' });
  t.ok(performance.now() - started < 5_000, 'rejected promptly, not after the 10 s timeout');
  await t.rejects(mirror.waitFor(at + 1), { code: 'DROVER_ERR_STATE_STALE' }, 'a later wait fails at once');
  await t.resolves(mirror.waitFor(at), 'a wait for an index already applied still resolves');
  t.equal(kv.ranges, 1, 'no resync was attempted');
});

t.test('closing the mirror fails pending waits with DROVER_ERR_STATE_STALE', async (t) => {
  const kv = await openFlaky(t);
  const mirror = await openMirror(kv);
  const pending = mirror.waitFor(mirror.store.index + 1);
  mirror.close();
  await t.rejects(pending, { code: 'DROVER_ERR_STATE_STALE' });
});
