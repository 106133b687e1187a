/**
 * The `job` command group.
 */
import type { Command } from 'commander';
import { registerJobMisc } from './job-misc.js';
import { registerJobPlan } from './job-plan.js';
import { registerJobRead } from './job-read.js';
import { registerJobRun } from './job-run.js';
import { registerJobWrite } from './job-write.js';

/** registerJobCommands adds `drover job ...`. */
export function registerJobCommands(program: Command): void {
  const job = program.command('job').description('Interact with jobs');
  registerJobRun(job);
  registerJobPlan(job);
  registerJobRead(job);
  registerJobWrite(job);
  registerJobMisc(job);
}
