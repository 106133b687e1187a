/**
 * The C1M benchmark: a real server in-process (store, broker, worker threads, plan applier) with
 * N simulated nodes (no client) and J jobs of G groups x C allocations, each job constrained to
 * one of 5 node classes, tasks of 20 MHz / 15 MB (Nomad's C1M shape). Prints one JSON object.
 *
 *   npm run bench:scheduler -- --nodes 5000 --jobs 1000 --count 200 --groups 5 --workers 2 --json
 *
 * `boundPlacementsPerSecond` is the same number of placements made by the placement stack alone
 * in memory in the same run (bench/placement-bound.ts): the ceiling for the end-to-end figure.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Job, Node } from '../api/structs/index.js';
import { isTerminal } from '../api/structs/index.js';
import { computedClass } from '../server/endpoints/node-class.js';
import { registerJob } from '../server/endpoints/jobs.js';
import type { DroverServer } from '../server/server.js';
import { startServer } from '../server/server.js';
import { startEtcd } from '../test/support/etcd.js';
import { measurePlacementBound } from './placement-bound.js';
import { benchJob, benchNode } from './scheduler-fixtures.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5000' },
    jobs: { type: 'string', default: '1000' },
    count: { type: 'string', default: '200' },
    groups: { type: 'string', default: '5' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1' },
    pipeline: { type: 'string', default: '1' },
    store: { type: 'string', default: 'embedded' },
    'etcd-endpoints': { type: 'string' },
    'timeout-s': { type: 'string', default: '1800' },
    json: { type: 'boolean', default: false },
    /** Skip the in-memory bound (quicker iterations; boundPlacementsPerSecond is then 0). */
    'skip-bound': { type: 'boolean', default: false },
  },
});
const nodes = Number(values.nodes);
const jobs = Number(values.jobs);
const count = Number(values.count);
const groups = Number(values.groups);
const workers = Number(values.workers);
const concurrency = Number(values.concurrency);
const expected = jobs * groups * count;

/** Runs `tasks` with at most `limit` in flight (lets the store group-commit). */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

/** threadCpu reads CPU seconds per thread of this process (Linux /proc; empty elsewhere). */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const secs = (Number(f[11]) + Number(f[12])) / 100;
      out[`${name}#${tid}`] = secs;
    }
  } catch { /* not Linux */ }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function overcommitted(server: DroverServer): number {
  let bad = 0;
  for (const n of server.store.nodes()) {
    let cpu = 0;
    let mem = 0;
    for (const a of server.store.allocsByNode(n.ID)) {
      if (isTerminal(a)) continue;
      for (const r of Object.values(a.AllocatedResources.Tasks)) { cpu += r.Cpu.CpuShares; mem += r.Memory.MemoryMB; }
    }
    if (cpu > n.NodeResources.CPU.CpuShares - n.ReservedResources.CPU.CpuShares || mem > n.NodeResources.Memory.MemoryMB - n.ReservedResources.Memory.MemoryMB) bad++;
  }
  return bad;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drover-bench-'));
  // --store etcd without --etcd-endpoints: a local single-member etcd (test/support/etcd.ts).
  const teardowns: Array<() => unknown> = [];
  let endpoints = values['etcd-endpoints']?.split(',');
  if (values.store === 'etcd' && endpoints === undefined) {
    const etcd = await startEtcd({ teardown: (fn) => teardowns.push(fn) });
    if (etcd === undefined) throw new Error('--store etcd: no etcd binary on PATH; pass --etcd-endpoints');
    endpoints = [etcd.endpoint];
  }
  const kv = values.store === 'etcd'
    ? { kind: 'etcd' as const, endpoints: endpoints ?? [], prefix: `/drover-bench-${process.pid}/` }
    : { kind: 'embedded' as const };
  const server = await startServer({ dataDir, numSchedulers: workers, schedulerConcurrency: concurrency, planApplyPipeline: Number(values.pipeline), kv, log: (level, msg) => { if (level === 'error') process.stderr.write(`${msg}\n`); }, heartbeat: { failoverTtlMs: 3_600_000 } });
  await server.leadership;
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);

  const nodeList: Node[] = Array.from({ length: nodes }, (_, i) => benchNode(i));
  for (const n of nodeList) n.ComputedClass = computedClass(n);
  await inParallel(nodeList, 64, (n) => server.apply({ type: 'node.upsert', node: n, evals: [] }));

  let plans = 0;
  let partialCommits = 0;
  server.leader.applier.events.on('committed', () => { plans++; });
  server.leader.applier.events.on('verified', (_p, rejected) => { if (rejected.length > 0) partialCommits++; });

  const jobList: Job[] = Array.from({ length: jobs }, (_, i) => benchJob(i, groups, count));
  const evalIds: string[] = [];
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const threadsStarted = threadCpu();
  await inParallel(jobList, 32, async (job) => { evalIds.push((await registerJob(server, job)).EvalID); });

  const progress = setInterval(() => {
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write(`progress: ${secs.toFixed(0)} s, ${server.store.allocCount()} allocations, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
  }, 15_000);
  const deadline = Date.now() + Number(values['timeout-s']) * 1000;
  await new Promise<void>((resolve) => {
    const check = (): void => {
      const done = evalIds.every((id) => { const e = server.store.evalById(id); return e !== undefined && e.Status !== 'pending'; });
      if (done || Date.now() > deadline) { clearInterval(timer); resolve(); }
    };
    const timer = setInterval(check, 100);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  if (process.env.DROVER_BENCH_THREADS === '1') {
    const during = Object.entries(threadCpu()).map(([t, s]) => [t, Number((s - (threadsStarted[t] ?? 0)).toFixed(2))]);
    process.stderr.write(`thread cpu seconds during the run: ${JSON.stringify(Object.fromEntries(during))}\n`);
  }
  clearInterval(rssTimer);
  clearInterval(progress);

  let placed = 0;
  for (const a of server.store.allAllocs()) if (!isTerminal(a)) placed++;
  const latencies = evalIds.map((id) => server.store.evalById(id)).filter((e) => e !== undefined && e.Status === 'complete').map((e) => (e!.ModifyTime - e!.CreateTime) / 1e6).sort((a, b) => a - b);
  const bad = overcommitted(server);
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  for (const fn of teardowns.reverse()) await fn();

  const bound = values['skip-bound'] ? { placements: 0, seconds: 1, cpuSeconds: 1 } : measurePlacementBound({ nodes, placements: expected, groupCount: count });
  const result = {
    nodes, jobs, count, groups, workers, concurrency, pipeline: Number(values.pipeline), store: values.store, placed, expected,
    seconds: Number(seconds.toFixed(3)),
    /** CPU seconds of every thread of the process during the run (robust on a busy machine). */
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    placementsPerSecond: Math.round(placed / seconds),
    boundPlacementsPerSecond: Math.round(bound.placements / bound.seconds),
    /** The bound per CPU second of the placing thread (less sensitive to a busy machine). */
    boundPlacementsPerCpuSecond: Math.round(bound.placements / bound.cpuSeconds),
    evalLatencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
    plans, partialCommits, overcommittedNodes: bad, peakRssBytes: peakRss,
  };
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
