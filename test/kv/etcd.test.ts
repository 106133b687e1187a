/**
 * The conformance suite against a real etcd 3.4 (one member started by test/support/etcd.ts),
 * plus etcd-only behaviour: lease loss ends leadership, and a write to an unreachable etcd
 * rejects as "maybe committed" instead of resolving as failed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import t from 'tap';
import { openEtcdKv } from '../../server/kv/etcd/client.js';
import { fencedKv } from '../../server/kv/fenced.js';
import { startEtcd } from '../support/etcd.js';
import { runConformance } from './conformance.js';
import { bytes, takeBatches, text } from './helpers.js';

/** retryUntil retries a read (never a write: writes may have committed) for up to 20 s. */
async function retryUntil<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const etcd = await startEtcd(t);
if (etcd === undefined) {
  t.test('etcd backend', { skip: 'etcd binary not found on PATH (install etcd-server)' }, () => undefined);
} else {
  const endpoint = etcd.endpoint;
  let namespaces = 0;

  t.test('conformance', async (t) => {
    runConformance(t, async (t) => {
      const kv = await openEtcdKv({ endpoints: [endpoint], prefix: `conformance-${++namespaces}/` });
      t.teardown(() => kv.close());
      return kv;
    });
  });

  t.test('range reads large prefixes in pages at one revision', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'paged/', rangePageSize: 7 });
    t.teardown(() => kv.close());
    const keys = Array.from({ length: 25 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
    const { revision } = await kv.txn({ ops: keys.map((key) => ({ kind: 'put' as const, key, value: bytes(key) })) });
    await kv.txn({ ops: [{ kind: 'put', key: 'k/99', value: bytes('later') }] });
    const atWrite = await kv.range('k/', { revision });
    t.same(atWrite.entries.map((e) => e.key), keys, 'all pages, in order, at the requested revision');
    t.equal((await kv.range('k/')).entries.length, 26);
  });

  t.test('namespaces are isolated', async (t) => {
    const a = await openEtcdKv({ endpoints: [endpoint], prefix: 'iso-a/' });
    const b = await openEtcdKv({ endpoints: [endpoint], prefix: 'iso-b/' });
    t.teardown(async () => { await a.close(); await b.close(); });
    await a.txn({ ops: [{ kind: 'put', key: 'k', value: bytes('a') }] });
    t.same((await b.range('')).entries, []);
    await b.txn({ ops: [{ kind: 'deletePrefix', prefix: '' }] });
    t.equal((await a.range('')).entries.length, 1, "b's deletePrefix('') stays inside b");
  });

  t.test('a watch resumes across an etcd restart without gaps or duplicates', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'restart/' });
    t.teardown(() => kv.close());
    const watch = kv.watch('', (await kv.revision()) + 1);
    t.teardown(() => watch.close());
    const written: number[] = [];
    for (let i = 0; i < 5; i++) written.push((await kv.txn({ ops: [{ kind: 'put', key: `k${i}`, value: bytes('v') }] })).revision);
    t.same((await takeBatches(watch, (b) => b.length >= 5)).map((b) => b.revision), written, 'before the restart');
    await etcd.restart();
    await retryUntil(() => kv.revision());
    const after: number[] = [];
    for (let i = 5; i < 10; i++) after.push((await kv.txn({ ops: [{ kind: 'put', key: `k${i}`, value: bytes('v') }] })).revision);
    t.same((await takeBatches(watch, (b) => b.length >= 5, 30_000)).map((b) => b.revision), after, 'after the restart, continuing in order');
  });

  t.test('history compacted by etcd: old ranges and watches fail with DROVER_ERR_KV_COMPACTED', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'compact/' });
    t.teardown(() => kv.close());
    const old = (await kv.txn({ ops: [{ kind: 'put', key: 'k', value: bytes('1') }] })).revision;
    const latest = (await kv.txn({ ops: [{ kind: 'put', key: 'k', value: bytes('2') }] })).revision;
    const compactor = new Etcd3({ hosts: [endpoint] });
    t.teardown(() => compactor.close());
    await compactor.kv.compact({ revision: latest, physical: true });
    await t.rejects(kv.range('', { revision: old }), { code: 'DROVER_ERR_KV_COMPACTED' });
    const watch = kv.watch('', old);
    t.teardown(() => watch.close());
    await t.rejects(takeBatches(watch, (b) => b.length >= 1), { code: 'DROVER_ERR_KV_COMPACTED' });
  });

  t.test('a deleted leader key (lease revoked or expired) fences the old leader', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'lease/' });
    t.teardown(() => kv.close());
    const a = kv.election('leader', 'server-a', 1);
    const { fenceRevision } = await a.campaign();
    // Revoke A's lease behind its back, as etcd does when keepalives stop arriving.
    const leaderEntry = await kv.get(a.leaderKey);
    t.ok(leaderEntry, 'leader key exists');
    const other = await openEtcdKv({ endpoints: [endpoint], prefix: 'lease/' });
    t.teardown(() => other.close());
    await other.txn({ ops: [{ kind: 'delete', key: a.leaderKey }] });
    const asA = fencedKv(kv, a.leaderKey, fenceRevision);
    await t.rejects(asA.txn({ ops: [{ kind: 'put', key: 'x', value: bytes('stale') }] }), { code: 'DROVER_ERR_KV_FENCED' });
    const b = kv.election('leader', 'server-b', 1);
    const { fenceRevision: fenceB } = await b.campaign();
    t.ok(fenceB > fenceRevision, 'B leads once A\'s key is gone');
    await a.resign();
    await a.lost;
    await b.resign();
  });

  t.test('a write to a stalled etcd times out as maybe-committed, never as failed', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'stall/', requestTimeoutMs: 1000 });
    t.teardown(() => kv.close());
    await kv.txn({ ops: [{ kind: 'put', key: 'warm', value: bytes('up') }] });
    await etcd.pause();
    t.teardown(() => etcd.resume());
    const started = Date.now();
    await t.rejects(kv.txn({ compare: [{ kind: 'exists', key: 'k', exists: false }], ops: [{ kind: 'put', key: 'k', value: bytes('v') }] }), { code: 'DROVER_ERR_KV_UNAVAILABLE' });
    t.ok(Date.now() - started < 5000, 'rejected at the request deadline');
    etcd.resume();
    const deadline = Date.now() + 20_000;
    let readBack: string | undefined;
    for (;;) {
      try {
        readBack = text((await kv.get('k'))?.value);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    t.ok(readBack === undefined || readBack === 'v', `after the stall the write is either absent or whole (${String(readBack)})`);
  });

  t.test('failover: when the leader process dies, its lease expires and the next candidate leads', async (t) => {
    const script = fileURLToPath(new URL('./fixtures/campaigner.js', import.meta.url));
    const child = spawn(process.execPath, [script, endpoint, 'failover/', 'leader', 'server-a', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    t.teardown(() => { child.kill('SIGKILL'); });
    const leaderLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', () => reject(new Error(`campaigner exited before leading: ${out}`)));
    });
    const [, leaderKeyA, fenceText] = leaderLine.split(' ');
    const fenceA = Number(fenceText);
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'failover/' });
    t.teardown(() => kv.close());
    const b = kv.election('leader', 'server-b', 1);
    let bLeads = false;
    const bCampaign = b.campaign().then((r) => { bLeads = true; return r; });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    t.equal(bLeads, false, 'B waits while A keeps its lease alive');
    child.kill('SIGKILL');
    const { fenceRevision: fenceB } = await bCampaign;
    t.ok(fenceB > fenceA, 'B leads after A\'s lease expired');
    await t.rejects(fencedKv(kv, leaderKeyA ?? '', fenceA).txn({ ops: [{ kind: 'put', key: 'x', value: bytes('from dead A') }] }), { code: 'DROVER_ERR_KV_FENCED' });
    t.ok((await fencedKv(kv, b.leaderKey, fenceB).txn({ ops: [{ kind: 'put', key: 'x', value: bytes('from B') }] })).succeeded);
    await b.resign();
  });

  t.test('a write to an unreachable etcd rejects as maybe-committed', async (t) => {
    const kv = await openEtcdKv({ endpoints: [endpoint], prefix: 'down/', requestTimeoutMs: 1500 });
    t.teardown(() => kv.close());
    const leadership = kv.election('leader', 'server-a', 1);
    await leadership.campaign();
    await etcd.kill9();
    await t.rejects(kv.txn({ ops: [{ kind: 'put', key: 'k', value: bytes('v') }] }), { code: 'DROVER_ERR_KV_UNAVAILABLE' });
    await leadership.lost;
    t.pass('leadership is lost when the lease cannot be kept alive');
    await etcd.restart();
  });
}
