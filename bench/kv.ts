/**
 * KV backend benchmark:
 *   node dist/bench/kv.js --backend embedded|etcd --txns N --concurrency C [--puts P] [--value-bytes B] [--endpoint URL]
 * Runs N txns (each P puts of B-byte values under fresh keys) with C in flight, and prints
 * {backend, txns, concurrency, putsPerTxn, valueBytes, seconds, txnsPerSecond, putsPerSecond, p50Ms, p99Ms, rangeAllMs}.
 * embedded uses a temp data dir; etcd starts a throwaway etcd (from PATH) unless --endpoint is given.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { KvBackend } from '../server/kv/contract.js';
import { openKv } from '../server/kv/index.js';
import { startEtcd } from '../test/support/etcd.js';

/** KvBenchResult is the printed measurement. */
export interface KvBenchResult {
  backend: 'embedded' | 'etcd';
  txns: number;
  concurrency: number;
  putsPerTxn: number;
  valueBytes: number;
  seconds: number;
  txnsPerSecond: number;
  putsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Time to read back everything written with one range (the store mirror's start-up read). */
  rangeAllMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 1000) / 1000;
}

/** runKvBench drives `kv` and measures throughput and per-txn latency. */
export async function runKvBench(kv: KvBackend, opts: { txns: number; concurrency: number; puts: number; valueBytes: number }): Promise<KvBenchResult> {
  const value = Buffer.alloc(opts.valueBytes, 0x61);
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.txns) {
      const txn = next++;
      const ops = Array.from({ length: opts.puts }, (_, i) => ({ kind: 'put' as const, key: `bench/${txn}/${i}`, value }));
      const started = performance.now();
      await kv.txn({ ops });
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const rangeStarted = performance.now();
  const { entries } = await kv.range('bench/');
  const rangeAllMs = Math.round(performance.now() - rangeStarted);
  if (entries.length !== opts.txns * opts.puts) throw new Error(`read back ${entries.length} entries, wrote ${opts.txns * opts.puts}`);
  return {
    backend: kv.kind,
    txns: opts.txns,
    concurrency: opts.concurrency,
    putsPerTxn: opts.puts,
    valueBytes: opts.valueBytes,
    seconds: Math.round(seconds * 1000) / 1000,
    txnsPerSecond: Math.round(opts.txns / seconds),
    putsPerSecond: Math.round((opts.txns * opts.puts) / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    rangeAllMs,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'embedded' },
      txns: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '1' },
      puts: { type: 'string', default: '1' },
      'value-bytes': { type: 'string', default: '256' },
      endpoint: { type: 'string' },
    },
  });
  const cleanups: Array<() => unknown> = [];
  let kv: KvBackend;
  if (values.backend === 'embedded') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'drover-kv-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    kv = await openKv({ kind: 'embedded', dataDir });
  } else if (values.backend === 'etcd') {
    let endpoint = values.endpoint;
    if (endpoint === undefined) {
      const etcd = await startEtcd({ teardown: (fn) => cleanups.push(fn) });
      if (etcd === undefined) throw new Error('etcd not found on PATH; pass --endpoint');
      endpoint = etcd.endpoint;
    }
    kv = await openKv({ kind: 'etcd', endpoints: [endpoint], prefix: `bench-${process.pid}/` });
  } else {
    throw new Error(`--backend must be embedded or etcd, got ${values.backend}`);
  }
  try {
    const result = await runKvBench(kv, {
      txns: Number(values.txns),
      concurrency: Number(values.concurrency),
      puts: Number(values.puts),
      valueBytes: Number(values['value-bytes']),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await kv.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
