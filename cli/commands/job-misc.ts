/**
 * `job validate`, `job init`, `job explain` (documentation of a jobspec field from the schema)
 * and `job logs` (logs of every allocation of a job, interleaved with an `alloc/task` prefix,
 * Nomad #10308).
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { canonicalizeJob, explainField, validateJob } from '../../jobspecs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';
import { readJobFile } from '../jobfile.js';
import type { JobFileFlags } from '../jobfile.js';
import { streamAllocLogs } from '../logs.js';
import { short } from '../output/format.js';
import { EXAMPLE_JOB, SHORT_EXAMPLE_JOB } from './example-job.js';
import { resolveJobId } from './job-read.js';

/** registerJobMisc adds validate, init, explain and logs. */
export function registerJobMisc(job: Command): void {
  job.command('validate <file>').description('Check a jobspec for syntax and semantic errors')
    .option('--var <name=value...>', 'set an HCL variable').option('--var-file <file...>', 'HCL variable file').option('--json', 'JSON job format')
    .action((file: string, flags: JobFileFlags) => {
      const submitted = readJobFile(file, flags);
      const issues = validateJob(canonicalizeJob(submitted));
      const errors = issues.filter((i) => i.severity === 'error');
      for (const w of issues.filter((i) => i.severity === 'warning')) process.stdout.write(`Warning: ${w.path}: ${w.message}\n`);
      if (errors.length) {
        process.stderr.write(`Job validation errors:\n${errors.map((e) => `  * ${e.path}: ${e.message}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write('Job validation successful\n');
    });

  job.command('init [file]').description('Create an example job file')
    .option('--short', 'write the example without comments')
    .action((file: string | undefined, flags: { short?: boolean }) => {
      const target = file ?? 'example.nomad.hcl';
      if (existsSync(target)) { process.stderr.write(`Job '${target}' already exists\n`); process.exitCode = 1; return; }
      writeFileSync(target, flags.short ? SHORT_EXAMPLE_JOB : EXAMPLE_JOB);
      process.stdout.write(`Example job file written to ${target}\n`);
    });

  job.command('explain <path>').description('Explain a jobspec field, e.g. job.group.task.resources.memory')
    .action((path: string) => {
      const e = explainField(path);
      const lines = [`${e.path}  (${e.type})`, `JSON: ${e.jsonPath}`, '', e.doc];
      if (e.default !== undefined) lines.push('', `Default: ${e.default}`);
      if (e.allowedValues?.length) lines.push(`Allowed values: ${e.allowedValues.join(', ')}`);
      if (e.children?.length) {
        lines.push('', 'Fields:');
        const width = Math.max(...e.children.map((c) => c.name.length));
        for (const c of e.children) lines.push(`  ${c.name.padEnd(width)}  ${c.type.padEnd(10)}  ${c.doc}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  addGlobalFlags(job.command('logs <id>').description('Stream the logs of every allocation of a job, prefixed with alloc/task'))
    .option('-f, --follow', 'keep streaming').option('--stderr', 'stderr instead of stdout').option('--task <task>', 'only this task')
    .action(async (prefix: string, flags: GlobalFlags & { follow?: boolean; stderr?: boolean; task?: string }) => {
      const conn = connect(flags);
      const id = await resolveJobId(conn, prefix);
      const { value: allocs } = await conn.client.get<Array<{ ID: string; TaskStates: Record<string, unknown> | null; Name: string }>>(`/v1/job/${encodeURIComponent(id)}/allocations`, { query: { namespace: conn.namespace } });
      const streams: Array<Promise<void>> = [];
      for (const a of allocs) {
        for (const task of Object.keys(a.TaskStates ?? {})) {
          if (flags.task && flags.task !== task) continue;
          const prefixText = `${short(a.ID)}/${task}`;
          streams.push(streamAllocLogs(conn, a.ID, task, { type: flags.stderr ? 'stderr' : 'stdout', follow: flags.follow === true, linePrefix: `${prefixText} | ` }));
        }
      }
      if (streams.length === 0) process.stderr.write(`job "${id}" has no allocations with tasks yet\n`);
      await Promise.all(streams);
    });
}
