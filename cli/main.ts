#!/usr/bin/env node
/**
 * The `drover` command line. Nomad's command tree and flag style (single-dash long flags);
 * each command group lives in its own file under cli/commands/.
 */
import { Command } from 'commander';
import { isDroverError } from '../api/errors.js';
import { registerAgentCommand } from './agent/command.js';
import { registerCommands } from './commands/index.js';

const VALUE_FLAGS = new Set(['task', 'address', 'token', 'region', 'namespace']);

/**
 * normalizeFlags lets Nomad-style `-flag` work with commander (which wants `--flag`). For
 * `alloc exec`, flags stop at the allocation ID (as in Nomad): everything after it is the
 * remote command, passed through untouched behind a `--`.
 */
export function normalizeFlags(argv: readonly string[]): string[] {
  const norm = (a: string): string => (/^-[a-zA-Z][\w-]+(=.*)?$/.test(a) ? `-${a}` : a);
  if (argv[0] === 'alloc' && argv[1] === 'exec') {
    const out = ['alloc', 'exec'];
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') return [...out, ...argv.slice(i)];
      if (!a.startsWith('-')) return [...out, a, '--', ...argv.slice(i + 1)];
      const f = norm(a);
      out.push(f);
      if (!f.includes('=') && VALUE_FLAGS.has(f.replace(/^-+/, '')) && i + 1 < argv.length) out.push(argv[++i]!);
    }
    return out;
  }
  return argv.map(norm);
}

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
