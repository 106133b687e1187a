/**
 * `drover job plan <file>`: dry-run the scheduler and show the diff, the scheduler's
 * decisions and the `job run -check-index` hint. Exit codes (Nomad): 0 no allocations
 * created or destroyed, 1 changes, 255 error.
 */
import type { Command } from 'commander';
import type { AllocMetric, PlanAnnotations } from '../../api/structs/index.js';
import type { JobDiff } from '../../jobspecs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';
import { readJobFile } from '../jobfile.js';
import type { JobFileFlags } from '../jobfile.js';
import { formatPlacementFailure } from '../monitor.js';
import { renderJobDiff } from '../output/diff.js';
import { printJson } from '../output/format.js';

interface PlanFlags extends GlobalFlags, JobFileFlags { diff?: boolean; verbose?: boolean; outputJson?: boolean }

interface PlanResponse {
  Annotations: PlanAnnotations | null;
  FailedTGAllocs: Record<string, AllocMetric> | null;
  JobModifyIndex: number;
  Diff: JobDiff | null;
  Warnings: string;
}

/** planHasChanges: the plan creates or destroys allocations (or changes the job). */
export function planHasChanges(p: PlanResponse): boolean {
  if (p.Diff && p.Diff.Type !== 'None') return true;
  for (const u of Object.values(p.Annotations?.DesiredTGUpdates ?? {})) {
    if (u.Place + u.Stop + u.Migrate + u.DestructiveUpdate + u.InPlaceUpdate + u.Canary > 0) return true;
  }
  return false;
}

/** registerJobPlan adds `job plan`. */
export function registerJobPlan(job: Command): void {
  addGlobalFlags(job.command('plan <file>').description('Dry-run a job update to see what the scheduler would do'))
    .option('--var <name=value...>', 'set an HCL variable')
    .option('--var-file <file...>', 'HCL file of variable values')
    .option('--json', 'the file is in JSON job format')
    .option('--output-json', 'print the plan response as JSON')
    .option('--verbose', 'show unchanged fields too')
    .action(async (file: string, flags: PlanFlags) => {
      try {
        const submitted = readJobFile(file, flags);
        const conn = connect(flags);
        const { value: plan } = await conn.client.post<PlanResponse>(`/v1/job/${encodeURIComponent(String(submitted.ID))}/plan`, { Job: submitted, Diff: true }, { query: { namespace: conn.namespace } });
        if (flags.outputJson) { printJson(plan); process.exitCode = planHasChanges(plan) ? 1 : 0; return; }
        if (plan.Diff) process.stdout.write(`${renderJobDiff(plan.Diff, flags.verbose)}\n\n`);
        process.stdout.write('Scheduler dry-run:\n');
        const failed = Object.entries(plan.FailedTGAllocs ?? {});
        if (failed.length === 0) process.stdout.write('- All tasks successfully allocated.\n');
        else {
          process.stdout.write('- WARNING: Failed to place all allocations.\n');
          for (const [g, m] of failed) process.stdout.write(`${formatPlacementFailure(g, m, '  ')}\n`);
        }
        if (plan.Warnings) process.stdout.write(`\nJob Warnings:\n${plan.Warnings}\n`);
        process.stdout.write(`\nJob Modify Index: ${plan.JobModifyIndex}\n`);
        process.stdout.write(`To submit the job with version verification run:\n\ndrover job run -check-index ${plan.JobModifyIndex} ${file}\n\n`);
        process.stdout.write('When running the job with the check-index flag, the job will only be run if the\njob modify index given matches the server-side version. If the index has\nchanged, another user has modified the job and the plan\'s results are\npotentially invalid.\n');
        process.exitCode = planHasChanges(plan) ? 1 : 0;
      } catch (err) {
        process.stderr.write(`Error during plan: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 255;
      }
    });
}
