/**
 * The KV conformance suite: the promises of server/kv/contract.ts as executable specs. Every
 * backend runs it (test/kv/embedded.test.ts, test/kv/etcd.test.ts). The factory returns a fresh,
 * empty key space per subtest (revisions may not start at 0: etcd's counter is cluster-wide).
 */
import type { KvBackend, KvCompare, KvWatchBatch } from '../../server/kv/contract.js';
import { fencedKv } from '../../server/kv/fenced.js';
import { bytes, eventCount, takeBatches, text, type TapTest } from './helpers.js';

/** KvFactory opens a fresh backend for one subtest and registers its teardown on `t`. */
export type KvFactory = (t: TapTest) => Promise<KvBackend>;

/** runConformance registers the whole suite as subtests of `t`. */
export function runConformance(t: TapTest, open: KvFactory): void {
  t.test('revision: a writing txn bumps it by exactly one, whatever its size', async (t) => {
    const kv = await open(t);
    const start = await kv.revision();
    const one = await kv.txn({ ops: [{ kind: 'put', key: 'r/a', value: bytes('1') }] });
    t.same(one, { succeeded: true, revision: start + 1 });
    const three = await kv.txn({ ops: ['x', 'y', 'z'].map((k) => ({ kind: 'put' as const, key: `r/${k}`, value: bytes(k) })) });
    t.same(three, { succeeded: true, revision: start + 2 });
    for (const key of ['r/x', 'r/y', 'r/z']) t.equal((await kv.get(key))?.modRevision, start + 2, `${key} carries the txn revision`);
    t.equal(await kv.revision(), start + 2);
  });

  t.test('revision: failed and no-op txns do not bump it', async (t) => {
    const kv = await open(t);
    await kv.txn({ ops: [{ kind: 'put', key: 'n/a', value: bytes('1') }] });
    const current = await kv.revision();
    t.same(await kv.txn({ compare: [{ kind: 'exists', key: 'n/a', exists: false }], ops: [{ kind: 'put', key: 'n/a', value: bytes('2') }] }),
      { succeeded: false, revision: current }, 'failed compare reports the current revision');
    t.same(await kv.txn({ ops: [{ kind: 'delete', key: 'n/missing' }] }), { succeeded: true, revision: current }, 'deleting a missing key changes nothing');
    t.equal(await kv.revision(), current);
  });

  t.test('entries: createRevision, modRevision and version follow etcd', async (t) => {
    const kv = await open(t);
    const r1 = (await kv.txn({ ops: [{ kind: 'put', key: 'e/k', value: bytes('v1') }] })).revision;
    const r2 = (await kv.txn({ ops: [{ kind: 'put', key: 'e/k', value: bytes('v2') }] })).revision;
    t.match(await kv.get('e/k'), { key: 'e/k', createRevision: r1, modRevision: r2, version: 2 });
    t.equal(text((await kv.get('e/k'))?.value), 'v2');
    await kv.txn({ ops: [{ kind: 'delete', key: 'e/k' }] });
    t.equal(await kv.get('e/k'), undefined, 'deleted');
    const r4 = (await kv.txn({ ops: [{ kind: 'put', key: 'e/k', value: bytes('v3') }] })).revision;
    t.match(await kv.get('e/k'), { createRevision: r4, modRevision: r4, version: 1 }, 're-created key starts over');
  });

  t.test('range: prefix only, ordered by key bytes, with the read revision', async (t) => {
    const kv = await open(t);
    const keys = ['p/b', 'p/a', 'p/a/1', 'p/\u00e9', 'p/Z', 'q/a', 'p'];
    const { revision } = await kv.txn({ ops: keys.map((key) => ({ kind: 'put' as const, key, value: bytes(key) })) });
    const result = await kv.range('p/');
    t.same(result.entries.map((e) => e.key), ['p/Z', 'p/a', 'p/a/1', 'p/b', 'p/\u00e9']);
    t.equal(result.revision, revision);
    t.same(result.entries.map((e) => text(e.value)), result.entries.map((e) => e.key), 'values match');
    t.same((await kv.range('none/')).entries, []);
  });

  t.test('range at a revision returns the state as of that revision', async (t) => {
    const kv = await open(t);
    const r1 = (await kv.txn({ ops: [{ kind: 'put', key: 'h/a', value: bytes('a1') }] })).revision;
    const r2 = (await kv.txn({ ops: [{ kind: 'put', key: 'h/a', value: bytes('a2') }, { kind: 'put', key: 'h/b', value: bytes('b1') }] })).revision;
    const r3 = (await kv.txn({ ops: [{ kind: 'delete', key: 'h/a' }] })).revision;
    const r4 = (await kv.txn({ ops: [{ kind: 'put', key: 'h/c', value: bytes('c1') }, { kind: 'put', key: 'other/x', value: bytes('x') }] })).revision;
    const view = async (revision: number): Promise<string[]> =>
      (await kv.range('h/', { revision })).entries.map((e) => `${e.key}=${text(e.value)}@${e.modRevision}/v${e.version}`);
    t.same(await view(r1), [`h/a=a1@${r1}/v1`]);
    t.same(await view(r2), [`h/a=a2@${r2}/v2`, `h/b=b1@${r2}/v1`]);
    t.same(await view(r3), [`h/b=b1@${r2}/v1`]);
    t.same(await view(r4), [`h/b=b1@${r2}/v1`, `h/c=c1@${r4}/v1`]);
    t.equal((await kv.range('h/', { revision: r2 })).revision, r2);
    await t.rejects(kv.range('h/', { revision: r4 + 100 }), { code: 'DROVER_ERR_KV_FUTURE_REVISION' });
  });

  t.test('txn compares: each kind holds or fails as specified', async (t) => {
    const kv = await open(t);
    const rev = (await kv.txn({ ops: [{ kind: 'put', key: 'c/k', value: bytes('v') }] })).revision;
    const table: Array<[string, KvCompare, boolean]> = [
      ['modRevision = current', { kind: 'modRevision', key: 'c/k', op: '=', revision: rev }, true],
      ['modRevision = other', { kind: 'modRevision', key: 'c/k', op: '=', revision: rev - 1 }, false],
      ['modRevision < higher', { kind: 'modRevision', key: 'c/k', op: '<', revision: rev + 1 }, true],
      ['modRevision < itself', { kind: 'modRevision', key: 'c/k', op: '<', revision: rev }, false],
      ['modRevision > lower', { kind: 'modRevision', key: 'c/k', op: '>', revision: rev - 1 }, true],
      ['modRevision > itself', { kind: 'modRevision', key: 'c/k', op: '>', revision: rev }, false],
      ['missing key has modRevision 0', { kind: 'modRevision', key: 'c/missing', op: '=', revision: 0 }, true],
      ['exists on a present key', { kind: 'exists', key: 'c/k', exists: true }, true],
      ['not-exists on a present key', { kind: 'exists', key: 'c/k', exists: false }, false],
      ['exists on a missing key', { kind: 'exists', key: 'c/missing', exists: true }, false],
      ['not-exists on a missing key', { kind: 'exists', key: 'c/missing', exists: false }, true],
      ['value equal', { kind: 'value', key: 'c/k', value: bytes('v') }, true],
      ['value different', { kind: 'value', key: 'c/k', value: bytes('w') }, false],
      ['value of a missing key', { kind: 'value', key: 'c/missing', value: bytes('') }, false],
    ];
    for (const [name, compare, holds] of table) {
      const before = await kv.revision();
      const result = await kv.txn({ compare: [compare], ops: [{ kind: 'put', key: 'c/out', value: bytes(name) }] });
      t.equal(result.succeeded, holds, name);
      t.equal(result.revision, holds ? before + 1 : before, `${name}: revision`);
      t.equal(text((await kv.get('c/out'))?.value) === name, holds, `${name}: op applied iff compare held`);
    }
  });

  t.test('txn is atomic: one failing compare among many applies nothing', async (t) => {
    const kv = await open(t);
    await kv.txn({ ops: [{ kind: 'put', key: 'a/1', value: bytes('1') }, { kind: 'put', key: 'a/2', value: bytes('2') }] });
    const result = await kv.txn({
      compare: [{ kind: 'exists', key: 'a/1', exists: true }, { kind: 'value', key: 'a/2', value: bytes('not 2') }],
      ops: [{ kind: 'put', key: 'a/1', value: bytes('changed') }, { kind: 'delete', key: 'a/2' }, { kind: 'put', key: 'a/3', value: bytes('3') }],
    });
    t.equal(result.succeeded, false);
    t.same((await kv.range('a/')).entries.map((e) => `${e.key}=${text(e.value)}`), ['a/1=1', 'a/2=2']);
  });

  t.test('txn rejects a key written twice (definite, nothing applied)', async (t) => {
    const kv = await open(t);
    await t.rejects(kv.txn({ ops: [{ kind: 'put', key: 'd/a', value: bytes('1') }, { kind: 'delete', key: 'd/a' }] }), { code: 'DROVER_ERR_KV_INVALID' });
    await t.rejects(kv.txn({ ops: [{ kind: 'deletePrefix', prefix: 'd/' }, { kind: 'put', key: 'd/a', value: bytes('1') }] }), { code: 'DROVER_ERR_KV_INVALID' });
    t.equal(await kv.get('d/a'), undefined);
  });

  t.test('concurrent compare-and-set increments never lose an update', async (t) => {
    const kv = await open(t);
    await kv.txn({ ops: [{ kind: 'put', key: 'cas/n', value: bytes('0') }] });
    const increment = async (): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const entry = await kv.get('cas/n');
        const next = Number(text(entry?.value)) + 1;
        const result = await kv.txn({ compare: [{ kind: 'modRevision', key: 'cas/n', op: '=', revision: entry?.modRevision ?? 0 }], ops: [{ kind: 'put', key: 'cas/n', value: bytes(String(next)) }] });
        if (result.succeeded) return attempt;
      }
    };
    await Promise.all(Array.from({ length: 20 }, increment));
    t.equal(text((await kv.get('cas/n'))?.value), '20');
  });

  t.test('deletePrefix removes exactly the prefix, in one revision', async (t) => {
    const kv = await open(t);
    await kv.txn({ ops: ['x/1', 'x/2', 'x/2/deep', 'xy', 'y/1'].map((key) => ({ kind: 'put' as const, key, value: bytes(key) })) });
    const from = (await kv.revision()) + 1;
    const watch = kv.watch('', from);
    t.teardown(() => watch.close());
    const { revision } = await kv.txn({ ops: [{ kind: 'deletePrefix', prefix: 'x/' }] });
    t.same((await kv.range('')).entries.map((e) => e.key), ['xy', 'y/1']);
    const [batch] = await takeBatches(watch, (b) => b.length >= 1);
    t.same(batch, { revision, events: ['x/1', 'x/2', 'x/2/deep'].map((key) => ({ type: 'delete', key, modRevision: revision })) });
  });

  t.test('watch: one batch per txn, in revision order, prefix-filtered', async (t) => {
    const kv = await open(t);
    const from = (await kv.revision()) + 1;
    const watch = kv.watch('w/', from);
    t.teardown(() => watch.close());
    const r1 = (await kv.txn({ ops: [{ kind: 'put', key: 'w/a', value: bytes('1') }, { kind: 'put', key: 'other', value: bytes('x') }, { kind: 'put', key: 'w/b', value: bytes('2') }] })).revision;
    await kv.txn({ ops: [{ kind: 'put', key: 'other', value: bytes('y') }] });
    const r3 = (await kv.txn({ ops: [{ kind: 'delete', key: 'w/a' }] })).revision;
    const batches = await takeBatches(watch, (b) => b.length >= 2);
    t.same(batches.map((b) => ({ revision: b.revision, events: b.events.map((e) => [e.type, e.key, text(e.value), e.modRevision]) })), [
      { revision: r1, events: [['put', 'w/a', '1', r1], ['put', 'w/b', '2', r1]] },
      { revision: r3, events: [['delete', 'w/a', undefined, r3]] },
    ]);
  });

  t.test('watch from an old revision replays history, then follows live writes', async (t) => {
    const kv = await open(t);
    const revisions: number[] = [];
    for (let i = 0; i < 5; i++) revisions.push((await kv.txn({ ops: [{ kind: 'put', key: `o/${i}`, value: bytes(String(i)) }] })).revision);
    const watch = kv.watch('o/', revisions[2] ?? 0);
    t.teardown(() => watch.close());
    const replayed = await takeBatches(watch, (b) => b.length >= 3);
    t.same(replayed.map((b) => b.revision), revisions.slice(2));
    const live = (await kv.txn({ ops: [{ kind: 'put', key: 'o/live', value: bytes('l') }] })).revision;
    const [next] = await takeBatches(watch, (b) => b.length >= 1);
    t.equal(next?.revision, live);
    t.equal(next?.events[0]?.key, 'o/live');
  });

  t.test('watch: no gaps and no reordering under concurrent writers', async (t) => {
    const kv = await open(t);
    const from = (await kv.revision()) + 1;
    const watch = kv.watch('g/', from);
    t.teardown(() => watch.close());
    const writes = Array.from({ length: 60 }, (_, i) => kv.txn({ ops: [{ kind: 'put', key: `g/${i}/a`, value: bytes('a') }, { kind: 'put', key: `g/${i}/b`, value: bytes('b') }] }));
    const results = await Promise.all(writes);
    const expected = results.map((r) => r.revision).sort((a, b) => a - b);
    t.equal(new Set(expected).size, 60, 'every txn got its own revision');
    const batches = await takeBatches(watch, (b) => b.length >= 60);
    t.same(batches.map((b) => b.revision), expected, 'one batch per txn, in order');
    t.ok(batches.every((b: KvWatchBatch) => b.events.length === 2 && b.events.every((e) => e.modRevision === b.revision)), 'each batch holds its txn whole');
    t.equal(eventCount(batches), 120);
  });

  t.test('watch: close ends the iteration', async (t) => {
    const kv = await open(t);
    const watch = kv.watch('z/', (await kv.revision()) + 1);
    const pending = watch[Symbol.asyncIterator]().next();
    watch.close();
    const result = await pending;
    t.equal(result.done, true);
  });

  t.test('a large plan txn (1000 puts of 512 bytes) commits atomically', async (t) => {
    const kv = await open(t);
    const value = Buffer.alloc(512, 7);
    const ops = Array.from({ length: 1000 }, (_, i) => ({ kind: 'put' as const, key: `big/${String(i).padStart(4, '0')}`, value }));
    const { succeeded, revision } = await kv.txn({ ops });
    t.ok(succeeded);
    const { entries } = await kv.range('big/');
    t.equal(entries.length, 1000);
    t.ok(entries.every((e) => e.modRevision === revision && e.value.length === 512));
  });

  t.test('election: first candidate leads; a deposed leader cannot write through its fence', async (t) => {
    const kv = await open(t);
    const a = kv.election('leader', 'server-a', 2);
    const { fenceRevision: fenceA } = await a.campaign();
    const asA = fencedKv(kv, a.leaderKey, fenceA);
    t.ok((await asA.txn({ ops: [{ kind: 'put', key: 'f/by', value: bytes('a') }] })).succeeded, 'leader A writes');
    const b = kv.election('leader', 'server-b', 2);
    let bWon = false;
    const bCampaign = b.campaign().then((won) => { bWon = true; return won; });
    t.ok((await asA.txn({ ops: [{ kind: 'put', key: 'f/by', value: bytes('a2') }] })).succeeded, 'A still leads while B waits');
    t.equal(bWon, false, 'B waits while A leads');
    await a.resign();
    await a.lost;
    const { fenceRevision: fenceB } = await bCampaign;
    t.ok(fenceB > fenceA, 'the new fence is newer');
    const asB = fencedKv(kv, b.leaderKey, fenceB);
    await t.rejects(asA.txn({ ops: [{ kind: 'put', key: 'f/by', value: bytes('stale a') }] }), { code: 'DROVER_ERR_KV_FENCED' }, 'deposed A is fenced out');
    t.ok((await asB.txn({ ops: [{ kind: 'put', key: 'f/by', value: bytes('b') }] })).succeeded, 'B writes');
    t.equal(text((await kv.get('f/by'))?.value), 'b');
    const plainFailure = await asB.txn({ compare: [{ kind: 'exists', key: 'f/none', exists: true }], ops: [{ kind: 'put', key: 'f/by', value: bytes('x') }] });
    t.equal(plainFailure.succeeded, false, 'an ordinary compare failure under a valid fence resolves as failed');
    await b.resign();
  });
}
