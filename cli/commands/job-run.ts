/**
 * `drover job run <file>`: parse locally, register, monitor the evaluation.
 * Exit codes (Nomad): 0 success, 2 placement problems, 1 errors.
 * Beyond Nomad: `-wait` blocks until the job converges (all allocations running, or complete
 * for batch) and exits 1 when it fails to (Nomad #11708); `-output` prints the JSON only.
 */
import type { Command } from 'commander';
import type { Job } from '../../api/structs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';
import { readJobFile } from '../jobfile.js';
import type { JobFileFlags } from '../jobfile.js';
import { monitorEval } from '../monitor.js';
import { LiveBlock } from '../output/live.js';
import { printJson } from '../output/format.js';
import { waitForConvergence } from './job-wait.js';

interface RunFlags extends GlobalFlags, JobFileFlags {
  detach?: boolean;
  checkIndex?: string;
  output?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  verbose?: boolean;
  evalPriority?: string;
}

/** registerJobRun adds `job run`. */
export function registerJobRun(job: Command): void {
  addGlobalFlags(job.command('run <file>').description('Run a new job or update an existing job'))
    .option('--detach', 'return right after submitting the job')
    .option('--check-index <index>', 'only register if the job modify index matches (from job plan)')
    .option('--var <name=value...>', 'set an HCL variable')
    .option('--var-file <file...>', 'HCL file of variable values')
    .option('--json', 'the file is in JSON job format')
    .option('--output', 'print the JSON job that would be submitted, without submitting')
    .option('--wait', 'wait until the job converges; exit 1 if it does not')
    .option('--wait-timeout <duration>', 'how long -wait waits (default 5m)', '5m')
    .option('--eval-priority <n>', 'priority of the evaluation')
    .option('--verbose', 'show full IDs')
    .action(async (file: string, flags: RunFlags) => {
      const submitted = readJobFile(file, flags);
      if (flags.output) { printJson({ Job: submitted }); return; }
      const conn = connect(flags);
      const body: Record<string, unknown> = { Job: submitted };
      if (flags.checkIndex !== undefined) { body.EnforceIndex = true; body.JobModifyIndex = Number(flags.checkIndex); }
      if (flags.evalPriority !== undefined) body.EvalPriority = Number(flags.evalPriority);
      const { value: res } = await conn.client.put<{ EvalID: string; JobModifyIndex: number; Warnings?: string }>('/v1/jobs', body, { query: { namespace: conn.namespace, region: conn.region } });
      if (res.Warnings) process.stdout.write(`Job Warnings:\n${res.Warnings}\n\n`);
      if (!res.EvalID) {
        process.stdout.write(`Job registration successful\n`);
        const { value: stored } = await conn.client.get<Job>(`/v1/job/${encodeURIComponent(String(submitted.ID))}`, { query: { namespace: conn.namespace } });
        if (stored.Periodic?.Enabled) process.stdout.write(`Approximate next launch time: see "drover job status ${stored.ID}"\n`);
        return;
      }
      if (flags.detach) {
        process.stdout.write(`Job registration successful\nEvaluation ID: ${res.EvalID}\n`);
        return;
      }
      const ui = flags.wait ? new LiveBlock() : undefined;
      const result = await monitorEval(conn, res.EvalID, flags.verbose, ui);
      if (ui) {
        const ok = await waitForConvergence(conn, String(submitted.ID), flags.waitTimeout ?? '5m', ui);
        process.exitCode = ok ? 0 : 1;
        return;
      }
      process.exitCode = result.placementFailed ? 2 : 0;
    });
}
