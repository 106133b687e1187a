/**
 * Property test: random txn sequences (random compares, puts, deletes, deletePrefixes over a
 * small key space) give the embedded backend exactly the results, states at every revision, and
 * watch batches of the reference model (test/kv/model.ts). Runs are small: every txn fsyncs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import type { KvCompare, KvEntry, KvOp, KvTxn } from '../../server/kv/contract.js';
import { openEmbeddedKv } from '../../server/kv/embedded/store.js';
import { takeBatches } from './helpers.js';
import { KvModel } from './model.js';

const keys = ['a/1', 'a/2', 'a/2/x', 'b/1', 'b/\u00e9'];
const key = fc.constantFrom(...keys);
const value = fc.constantFrom('x', 'y', 'z').map((v) => Buffer.from(v));

const compare: fc.Arbitrary<KvCompare> = fc.oneof(
  fc.record({ kind: fc.constant('exists' as const), key, exists: fc.boolean() }),
  fc.record({ kind: fc.constant('value' as const), key, value }),
  fc.record({ kind: fc.constant('modRevision' as const), key, op: fc.constantFrom('=' as const, '<' as const, '>' as const), revision: fc.nat(12) }),
);

const op: fc.Arbitrary<KvOp> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('put' as const), key, value }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), key }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('deletePrefix' as const), prefix: fc.constantFrom('a/', 'a/2', 'b/') }), weight: 1 },
);

/** Txns whose ops touch distinct keys (the contract refuses the others). */
const txn: fc.Arbitrary<KvTxn> = fc.record({ compare: fc.array(compare, { maxLength: 2 }), ops: fc.array(op, { minLength: 1, maxLength: 4 }) })
  .map(({ compare, ops }) => {
    const seen = new Set<string>();
    const prefixes = ops.flatMap((o) => (o.kind === 'deletePrefix' ? [o.prefix] : []));
    const kept = ops.filter((o) => {
      if (o.kind === 'deletePrefix') return true;
      if (seen.has(o.key) || prefixes.some((p) => o.key.startsWith(p))) return false;
      seen.add(o.key);
      return true;
    });
    return { compare, ops: kept };
  });

const shape = (entries: KvEntry[]): string[] =>
  entries.map((e) => `${e.key}=${Buffer.from(e.value).toString()}@${e.createRevision}/${e.modRevision}/v${e.version}`);

t.test('embedded backend matches the reference model', async (t) => {
  await fc.assert(fc.asyncProperty(fc.array(txn, { minLength: 1, maxLength: 12 }), async (txns) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'drover-kv-model-'));
    const kv = await openEmbeddedKv({ dataDir });
    try {
      const model = new KvModel();
      for (const request of txns) {
        const expected = model.txn(request);
        const actual = await kv.txn(request);
        if (actual.succeeded !== expected.succeeded || actual.revision !== expected.revision) {
          throw new Error(`txn ${JSON.stringify(request)}: got ${JSON.stringify(actual)}, model ${JSON.stringify(expected)}`);
        }
      }
      for (let revision = 1; revision <= model.revision; revision++) {
        for (const prefix of ['', 'a/', 'a/2', 'b/']) {
          const actual = shape((await kv.range(prefix, { revision })).entries);
          const expected = shape(model.rangeAt(prefix, revision));
          if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`range(${prefix}) at ${revision}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
        }
      }
      if (model.batches.length > 0) {
        const watch = kv.watch('', 1);
        const batches = await takeBatches(watch, (b) => b.length >= model.batches.length);
        watch.close();
        const got = JSON.stringify(batches.map((b) => [b.revision, b.events.map((e) => [e.type, e.key, e.value === undefined ? null : Buffer.from(e.value).toString()])]));
        const want = JSON.stringify(model.batches.map((b) => [b.revision, b.events.map((e) => [e.type, e.key, e.value === undefined ? null : Buffer.from(e.value).toString()])]));
        if (got !== want) throw new Error(`watch: ${got} != ${want}`);
      }
    } finally {
      await kv.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }), { numRuns: 40, seed: 20261123 });
  t.pass('40 random histories agree with the model');
});
