/**
 * registerCommands adds every command group (job, alloc, node, eval, status, ...) to the CLI.
 * One file per group; this list is the only place that knows them all.
 */
import type { Command } from 'commander';

/** registerCommands registers the command groups. */
export function registerCommands(_program: Command): void {
  // Command groups are added here (cli/commands/<group>.ts).
}
