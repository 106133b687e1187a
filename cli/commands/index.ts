/**
 * registerCommands adds every command group (job, alloc, node, eval, status) to the CLI.
 * One file per group; this list is the only place that knows them all.
 */
import type { Command } from 'commander';
import { registerAllocCommands } from './alloc.js';
import { registerEvalCommands } from './eval.js';
import { registerJobCommands } from './job.js';
import { registerNodeCommands } from './node.js';
import { registerStatusCommand } from './status.js';

/** registerCommands registers the command groups. */
export function registerCommands(program: Command): void {
  registerJobCommands(program);
  registerAllocCommands(program);
  registerNodeCommands(program);
  registerEvalCommands(program);
  registerStatusCommand(program);
}
