/**
 * Read-only job commands: `job status [id]`, `job inspect <id>`, `job history <id>`.
 * Every one takes -json; IDs may be given as a unique prefix.
 */
import type { Command } from 'commander';
import type { Job } from '../../api/structs/index.js';
import { diffJobs } from '../../jobspecs/index.js';
import { renderJobDiff } from '../output/diff.js';
import { addGlobalFlags, connect } from '../env.js';
import type { Connection, GlobalFlags } from '../env.js';
import { ago, keyValues, printJson, short, table, timestamp } from '../output/format.js';
import { resolvePrefix } from '../prefix.js';

interface ReadFlags extends GlobalFlags { json?: boolean; verbose?: boolean; allAllocs?: boolean; diff?: boolean; version?: string }

/** resolveJobId accepts a job ID prefix. */
export function resolveJobId(conn: Connection, prefix: string): Promise<string> {
  return resolvePrefix(conn, '/v1/jobs', prefix, 'job', (j) => `${String(j.ID)}  ${String(j.Type)}  ${String(j.Status)}`);
}

interface JobStub { ID: string; ParentID: string; Type: string; Priority: number; Status: string; SubmitTime: number }
interface Summary { Summary: Record<string, Record<string, number>> }
interface AllocStub { ID: string; NodeID: string; TaskGroup: string; JobVersion: number; DesiredStatus: string; ClientStatus: string; CreateTime: number; ModifyTime: number; EvalID: string }

async function statusOne(conn: Connection, id: string, flags: ReadFlags): Promise<void> {
  const path = `/v1/job/${encodeURIComponent(id)}`;
  const q = { query: { namespace: conn.namespace } };
  const [{ value: job }, { value: summary }, { value: allocs }, { value: evals }] = await Promise.all([
    conn.client.get<Job>(path, q), conn.client.get<Summary>(`${path}/summary`, q),
    conn.client.get<AllocStub[]>(`${path}/allocations`, q), conn.client.get<Array<{ ID: string; Status: string; BlockedEval?: string; FailedTGAllocs?: Record<string, unknown> }>>(`${path}/evaluations`, q),
  ]);
  const isParent = Boolean(job.Periodic?.Enabled) || Boolean(job.ParameterizedJob);
  const children = isParent ? (await conn.client.get<JobStub[]>('/v1/jobs', { query: { namespace: conn.namespace, prefix: `${id}/` } })).value.filter((c) => c.ParentID === id) : [];
  if (flags.json) { printJson({ Job: job, Summary: summary, Allocations: allocs, Evaluations: evals, ...(isParent ? { Children: children } : {}) }); return; }
  const out: string[] = [];
  out.push(keyValues([
    ['ID', job.ID], ['Name', job.Name], ['Submit Date', timestamp(job.SubmitTime)], ['Type', job.Type], ['Priority', String(job.Priority)],
    ['Datacenters', job.Datacenters.join(',')], ['Namespace', job.Namespace], ['Node Pool', job.NodePool], ['Status', job.Status],
    ['Periodic', String(Boolean(job.Periodic?.Enabled))], ['Parameterized', String(Boolean(job.ParameterizedJob))], ['Version', String(job.Version)],
  ]));
  if (isParent) {
    const c = (summary as { Children?: { Pending: number; Running: number; Dead: number } }).Children ?? { Pending: 0, Running: 0, Dead: 0 };
    out.push('', 'Children Job Summary', table(['Pending', 'Running', 'Dead'], [[String(c.Pending), String(c.Running), String(c.Dead)]]));
    out.push('', job.Periodic?.Enabled ? 'Previously Launched Jobs' : 'Dispatched Jobs');
    out.push(children.length ? table(['ID', 'Status'], [...children].sort((a, b) => b.SubmitTime - a.SubmitTime).map((ch) => [ch.ID, ch.Status])) : 'No instances of the job have been launched');
    process.stdout.write(`${out.join('\n')}\n`);
    return;
  }
  out.push('', 'Summary');
  out.push(table(['Task Group', 'Queued', 'Starting', 'Running', 'Failed', 'Complete', 'Lost', 'Unknown'],
    Object.entries(summary.Summary).map(([g, s]) => [g, ...['Queued', 'Starting', 'Running', 'Failed', 'Complete', 'Lost', 'Unknown'].map((k) => String(s[k] ?? 0))])));
  const blocked = evals.filter((e) => e.Status === 'blocked');
  if (blocked.length) {
    out.push('', 'Placement Failure');
    for (const e of blocked) out.push(`  Evaluation "${short(e.ID, flags.verbose)}" is waiting for capacity to place allocations (see "drover eval status ${short(e.ID)}")`);
  }
  out.push('', 'Allocations');
  const sorted = [...allocs].sort((a, b) => b.CreateTime - a.CreateTime);
  const shown = flags.allAllocs ? sorted : sorted.slice(0, 20);
  out.push(shown.length ? table(['ID', 'Node ID', 'Task Group', 'Version', 'Desired', 'Status', 'Created', 'Modified'],
    shown.map((a) => [short(a.ID, flags.verbose), short(a.NodeID, flags.verbose), a.TaskGroup, String(a.JobVersion), a.DesiredStatus, a.ClientStatus, ago(a.CreateTime), ago(a.ModifyTime)])) : 'No allocations placed');
  process.stdout.write(`${out.join('\n')}\n`);
}

/** registerJobRead adds status, inspect and history. */
export function registerJobRead(job: Command): void {
  addGlobalFlags(job.command('status [id]').description('Display status information about a job (or list jobs)'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs').option('--all-allocs', 'show all allocations')
    .action(async (prefix: string | undefined, flags: ReadFlags) => {
      const conn = connect(flags);
      if (!prefix) {
        const { value: jobs } = await conn.client.get<JobStub[]>('/v1/jobs', { query: { namespace: conn.namespace } });
        if (flags.json) { printJson(jobs); return; }
        process.stdout.write(jobs.length ? `${table(['ID', 'Type', 'Priority', 'Status', 'Submit Date'], jobs.map((j) => [j.ID, j.Type, String(j.Priority), j.Status, timestamp(j.SubmitTime)]))}\n` : 'No running jobs\n');
        return;
      }
      await statusOne(conn, await resolveJobId(conn, prefix), flags);
    });

  addGlobalFlags(job.command('inspect <id>').description('Print the JSON of a submitted job'))
    .option('--version <n>', 'a specific version').option('--json', 'print JSON (the default: inspect always prints JSON)')
    .action(async (prefix: string, flags: ReadFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      if (flags.version !== undefined) {
        const { value } = await conn.client.get<{ Versions: Job[] }>(`/v1/job/${encodeURIComponent(id)}/versions`, { query: { namespace: conn.namespace } });
        const v = value.Versions.find((j) => j.Version === Number(flags.version));
        if (!v) throw new Error(`job "${id}" has no version ${flags.version}`);
        printJson({ Job: v });
        return;
      }
      const { value } = await conn.client.get<Job>(`/v1/job/${encodeURIComponent(id)}`, { query: { namespace: conn.namespace } });
      printJson({ Job: value });
    });

  addGlobalFlags(job.command('history <id>').description('Display the versions of a job'))
    .option('--json', 'print JSON').option('-p, --diff', 'show the diff between each version and the previous one')
    .option('--version <n>', 'only this version').option('--verbose', 'full diffs')
    .action(async (prefix: string, flags: ReadFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      const { value } = await conn.client.get<{ Versions: Job[]; Diffs: unknown[] | null }>(`/v1/job/${encodeURIComponent(id)}/versions`, { query: { namespace: conn.namespace, diffs: flags.diff ? 'true' : undefined } });
      // versions come newest first; the server may not compute diffs, so compute them here
      const versions = [...value.Versions].sort((a, b) => b.Version - a.Version);
      const diffs = versions.map((v, i) => (i + 1 < versions.length ? diffJobs(versions[i + 1], v) : undefined));
      const pick = flags.version === undefined ? versions.map((_, i) => i) : versions.flatMap((v, i) => (v.Version === Number(flags.version) ? [i] : []));
      if (flags.version !== undefined && pick.length === 0) throw new Error(`job "${id}" has no version ${flags.version}`);
      if (flags.json) {
        printJson(flags.diff ? { Versions: pick.map((i) => versions[i]), Diffs: pick.map((i) => diffs[i] ?? null) } : pick.map((i) => versions[i]));
        return;
      }
      const blocks = pick.map((i) => {
        const v = versions[i]!;
        const kv = keyValues([['Version', String(v.Version)], ['Stable', String(v.Stable)], ['Submit Date', timestamp(v.SubmitTime)], ['Stopped', String(v.Stop)]]);
        const d = diffs[i];
        if (!flags.diff || !d) return kv;
        return `${kv}\nDiff    =\n${renderJobDiff(d, flags.verbose)}`;
      });
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    });
}
