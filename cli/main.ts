#!/usr/bin/env node
/**
 * The `drover` command line. Nomad's command tree and flag style (single-dash long flags);
 * each command group lives in its own file under cli/commands/.
 */
import { Command } from 'commander';
import { isDroverError } from '../api/errors.js';
import { registerAgentCommand } from './agent/command.js';
import { registerCommands } from './commands/index.js';
import { normalizeFlags } from './flags.js';

const program = new Command('drover')
  .description('Drover: a cluster scheduler and workload orchestrator (Nomad-compatible)')
  .version('0.1.0', '--version', 'print the version')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
registerAgentCommand(program);
registerCommands(program);

program.parseAsync(normalizeFlags(process.argv.slice(2)), { from: 'user' }).catch((err: unknown) => {
  const msg = isDroverError(err) ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`Error: ${msg}\n`);
  process.exit(1);
});
