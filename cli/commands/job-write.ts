/**
 * Job commands that change state: `job stop [-purge]`, `job revert`, `job scale`, `job eval`.
 * Each monitors the evaluation it creates unless -detach.
 */
import type { Command } from 'commander';
import { addGlobalFlags, connect } from '../env.js';
import type { Connection, GlobalFlags } from '../env.js';
import { monitorEval } from '../monitor.js';
import { resolveJobId } from './job-read.js';

interface WriteFlags extends GlobalFlags { detach?: boolean; purge?: boolean; verbose?: boolean }

async function follow(conn: Connection, evalId: string, flags: WriteFlags): Promise<void> {
  if (!evalId) return;
  if (flags.detach) { process.stdout.write(`Evaluation ID: ${evalId}\n`); return; }
  const r = await monitorEval(conn, evalId, flags.verbose);
  process.exitCode = r.placementFailed ? 2 : 0;
}

/** registerJobWrite adds stop, revert, scale and eval. */
export function registerJobWrite(job: Command): void {
  addGlobalFlags(job.command('stop <id>').description('Stop a running job'))
    .option('--purge', 'remove the job entirely').option('--detach', 'do not monitor').option('--verbose', 'full IDs')
    .action(async (prefix: string, flags: WriteFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      const { value } = await conn.client.delete<{ EvalID: string }>(`/v1/job/${encodeURIComponent(id)}`, { query: { namespace: conn.namespace, purge: flags.purge ? 'true' : undefined } });
      await follow(conn, value.EvalID, flags);
    });

  addGlobalFlags(job.command('revert <id> <version>').description('Revert to a prior version of the job'))
    .option('--detach', 'do not monitor').option('--verbose', 'full IDs')
    .action(async (prefix: string, version: string, flags: WriteFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      const { value } = await conn.client.post<{ EvalID: string }>(`/v1/job/${encodeURIComponent(id)}/revert`, { JobID: id, JobVersion: Number(version) }, { query: { namespace: conn.namespace } });
      await follow(conn, value.EvalID, flags);
    });

  // Nomad: `job scale <job> [<group>] <count>`; commander cannot have an optional argument
  // before a required one, so the second argument is the group or the count.
  addGlobalFlags(job.command('scale <id> <group-or-count> [count]').description('Change the count of a task group'))
    .option('--detach', 'do not monitor').option('--verbose', 'full IDs')
    .action(async (prefix: string, groupOrCount: string, maybeCount: string | undefined, flags: WriteFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      let group = maybeCount === undefined ? undefined : groupOrCount;
      const count = Number(maybeCount ?? groupOrCount);
      if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, not "${maybeCount ?? groupOrCount}"`);
      if (group === undefined) {
        const { value: j } = await conn.client.get<{ TaskGroups: Array<{ Name: string }> }>(`/v1/job/${encodeURIComponent(id)}`, { query: { namespace: conn.namespace } });
        if (j.TaskGroups.length !== 1) throw new Error(`job "${id}" has ${j.TaskGroups.length} groups: name the group to scale`);
        group = j.TaskGroups[0]!.Name;
      }
      const { value } = await conn.client.post<{ EvalID: string }>(`/v1/job/${encodeURIComponent(id)}/scale`, { Count: count, Target: { Group: group } }, { query: { namespace: conn.namespace } });
      await follow(conn, value.EvalID, flags);
    });

  addGlobalFlags(job.command('eval <id>').description('Force a new evaluation of a job'))
    .option('--detach', 'do not monitor').option('--verbose', 'full IDs')
    .action(async (prefix: string, flags: WriteFlags) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      const { value } = await conn.client.post<{ EvalID: string }>(`/v1/job/${encodeURIComponent(id)}/evaluate`, {}, { query: { namespace: conn.namespace } });
      await follow(conn, value.EvalID, flags);
    });
}
