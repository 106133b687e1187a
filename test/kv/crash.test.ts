/**
 * Crash durability, both backends: a writer child process acknowledges txns on stdout while
 * being killed with SIGKILL (embedded: the writer itself; etcd: the etcd server). After reopening,
 * every acknowledged write must be present with the acknowledged revision.
 *
 * Note: SIGKILL loses the process, not the page cache, so this proves the commit protocol and
 * crash-safe open; power-loss durability rests on the fdatasync LMDB/etcd do before acking.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { KvBackend } from '../../server/kv/contract.js';
import { openKv } from '../../server/kv/index.js';
import { findEtcdBinary, startEtcd } from '../support/etcd.js';
import type { TapTest } from './helpers.js';

const writerScript = fileURLToPath(new URL('./fixtures/writer.js', import.meta.url));

interface WriterRun {
  child: ChildProcess;
  /** SIGKILL the writer (and, when wrapped, its whole process group: strace detaches on death). */
  kill(): void;
  acks: Map<string, number>;
  /** Error codes the writer printed for failed txns, in order. */
  errors: string[];
  /** Resolves once `count` acks have been printed. */
  acked(count: number, deadlineMs?: number): Promise<void>;
  /** Resolves when the child exited and its stdout is drained. */
  closed: Promise<void>;
}

function runWriter(args: string[], wrapper: string[] = []): WriterRun {
  const [command, ...prefix] = [...wrapper, process.execPath];
  const wrapped = wrapper.length > 0;
  const child = spawn(command ?? process.execPath, [...prefix, writerScript, ...args], { stdio: ['ignore', 'pipe', wrapped ? 'ignore' : 'inherit'], detached: wrapped });
  const kill = (): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(wrapped ? -child.pid : child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const acks = new Map<string, number>();
  const errors: string[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const [word, revision, key] = line.split(' ');
      if (word === 'ack' && revision !== undefined && key !== undefined) acks.set(key, Number(revision));
      if (word === 'err' && key !== undefined) errors.push(key);
    }
    for (const w of waiters.filter((w) => acks.size >= w.count)) w.resolve();
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const acked = (count: number, deadlineMs = 30_000): Promise<void> => new Promise((resolve, reject) => {
    if (acks.size >= count) return resolve();
    const timer = setTimeout(() => reject(new Error(`writer printed ${acks.size} acks, wanted ${count}`)), deadlineMs);
    waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
    void closed.then(() => reject(new Error(`writer exited after ${acks.size} acks`)));
  });
  return { child, kill, acks, errors, acked, closed };
}

/** openWhenUnlocked opens the store, waiting (up to 10 s) for a dying writer to release its lock. */
async function openWhenUnlocked(dataDir: string): Promise<KvBackend> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await openKv({ kind: 'embedded', dataDir });
    } catch (e) {
      if ((e as { code?: string }).code !== 'DROVER_ERR_KV_LOCKED' || Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function assertAllAcked(t: TapTest, kv: KvBackend, acks: Map<string, number>): Promise<void> {
  const { entries } = await kv.range('w/');
  const stored = new Map(entries.map((e) => [e.key, e.modRevision]));
  const missing = [...acks].filter(([key, revision]) => stored.get(key) !== revision);
  t.same(missing, [], `all ${acks.size} acknowledged writes survived (store holds ${entries.length})`);
  const maxAcked = Math.max(...acks.values());
  t.ok((await kv.revision()) >= maxAcked, 'revision did not go backwards');
}

t.test('embedded: SIGKILL of the writer loses no acknowledged txn', async (t) => {
  for (const killAfter of [1, 150, 700]) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'drover-kv-crash-'));
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    const writer = runWriter(['embedded', dataDir, '16']);
    await writer.acked(killAfter);
    writer.kill();
    await writer.closed;
    const kv = await openWhenUnlocked(dataDir);
    await assertAllAcked(t, kv, writer.acks);
    t.ok((await kv.txn({ ops: [{ kind: 'put', key: 'after', value: Buffer.from('x') }] })).succeeded, `store writable after crash at ${killAfter}`);
    await kv.close();
  }
});

const strace = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p));

t.test('embedded: an fdatasync failure stops the store (fail-stop) and loses no acknowledged txn', { skip: strace === undefined ? 'strace not installed (needed to inject EIO into fdatasync)' : false }, async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'drover-kv-eio-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  // Each writer thread's 20th fdatasync fails with EIO (strace counts per thread).
  const writer = runWriter(['embedded', dataDir, '4'], [strace ?? 'strace', '-f', '-o', '/dev/null', '-e', 'trace=fdatasync', '-e', 'inject=fdatasync:error=EIO:when=20']);
  t.teardown(() => { writer.kill(); });
  const deadline = Date.now() + 30_000;
  while (writer.errors.length === 0 && writer.child.exitCode === null && Date.now() < deadline) {
    await Promise.race([writer.closed, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  t.ok(writer.errors.length > 0, `the writer saw failed commits (${writer.acks.size} acks before)`);
  t.ok(writer.errors.every((code) => code === 'DROVER_ERR_KV_FAILED'), 'every failure is DROVER_ERR_KV_FAILED');
  writer.kill();
  await writer.closed;
  const kv = await openWhenUnlocked(dataDir);
  await assertAllAcked(t, kv, writer.acks);
  await kv.close();
});

const etcdMissing = findEtcdBinary() === undefined ? 'etcd binary not found on PATH (install etcd-server)' : false;

t.test('etcd: SIGKILL of etcd under load loses no acknowledged txn', { skip: etcdMissing }, async (t) => {
  const etcd = await startEtcd(t);
  if (etcd === undefined) throw new Error('etcd disappeared from PATH');
  for (const [round, killAfter] of [5, 200].entries()) {
    const prefix = `crash-${round}/`;
    const writer = runWriter(['etcd', etcd.endpoint, prefix, '16']);
    t.teardown(() => { writer.kill(); });
    await writer.acked(killAfter);
    await etcd.kill9();
    await etcd.restart();
    writer.kill();
    await writer.closed;
    const kv = await openKv({ kind: 'etcd', endpoints: [etcd.endpoint], prefix });
    await assertAllAcked(t, kv, writer.acks);
    await kv.close();
  }
});
