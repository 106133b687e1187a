/**
 * `drover status [prefix]`: with no argument, the job list; with a prefix, the status of
 * whatever object (job, allocation, node, evaluation) the prefix names.
 */
import type { Command } from 'commander';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';

const KINDS = [
  { path: '/v1/jobs', argv: ['job', 'status'] },
  { path: '/v1/allocations', argv: ['alloc', 'status'] },
  { path: '/v1/nodes', argv: ['node', 'status'] },
  { path: '/v1/evaluations', argv: ['eval', 'status'] },
] as const;

/** registerStatusCommand adds `drover status`. */
export function registerStatusCommand(program: Command): void {
  addGlobalFlags(program.command('status [prefix]').description('Display the status of jobs, or of the object an ID prefix names'))
    .option('--json', 'print JSON')
    .action(async (prefix: string | undefined, flags: GlobalFlags & { json?: boolean }) => {
      const conn = connect(flags);
      const rest = [...(flags.json ? ['--json'] : []), ...(flags.address ? ['--address', flags.address] : [])];
      if (!prefix) { await program.parseAsync(['job', 'status', ...rest], { from: 'user' }); return; }
      const matches: Array<(typeof KINDS)[number]> = [];
      for (const k of KINDS) {
        const { value } = await conn.client.get<unknown[]>(k.path, { query: { prefix, namespace: conn.namespace } });
        if (value.length > 0) matches.push(k);
      }
      if (matches.length === 0) throw new Error(`No job(s), allocation(s), node(s) or evaluation(s) with prefix or ID "${prefix}" found`);
      if (matches.length > 1) throw new Error(`Prefix "${prefix}" matched ${matches.map((m) => m.argv[0]).join(', ')}: use a longer prefix or the specific command`);
      await program.parseAsync([...matches[0]!.argv, prefix, ...rest], { from: 'user' });
    });
}
