/**
 * `drover status [prefix]`: with no argument, the job list; with a prefix, the status of
 * whatever object (job, allocation, node, evaluation) the prefix names, found with one
 * `POST /v1/search` (context "all"), like Nomad's `nomad status <prefix>`. A prefix that
 * matches objects of several kinds, or several objects of one kind, lists the candidates.
 */
import type { Command } from 'commander';
import { DroverError } from '../../api/errors.js';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';

const KINDS = [
  { context: 'jobs', noun: 'job', argv: ['job', 'status'] },
  { context: 'allocs', noun: 'allocation', argv: ['alloc', 'status'] },
  { context: 'nodes', noun: 'node', argv: ['node', 'status'] },
  { context: 'evals', noun: 'evaluation', argv: ['eval', 'status'] },
] as const;

interface SearchResponse { Matches: Record<string, string[] | undefined>; Truncations: Record<string, boolean | undefined> }
interface Flags extends GlobalFlags { json?: boolean; verbose?: boolean }

/** passThrough rebuilds the global flags for the delegated command. */
function passThrough(flags: Flags): string[] {
  const out: string[] = [];
  if (flags.json) out.push('--json');
  if (flags.verbose) out.push('--verbose');
  for (const k of ['address', 'token', 'region', 'namespace'] as const) {
    const v = flags[k];
    if (v !== undefined) out.push(`--${k}`, v);
  }
  return out;
}

/** registerStatusCommand adds `drover status`. */
export function registerStatusCommand(program: Command): void {
  addGlobalFlags(program.command('status [prefix]').description('Display the status of jobs, or of the object an ID prefix names'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs')
    .action(async (prefix: string | undefined, flags: Flags) => {
      const rest = passThrough(flags);
      if (!prefix) { await program.parseAsync(['job', 'status', ...rest], { from: 'user' }); return; }
      const conn = connect(flags);
      const { value } = await conn.client.post<SearchResponse>('/v1/search', { Prefix: prefix, Context: 'all' }, { query: { namespace: conn.namespace } });
      const hits = KINDS.flatMap((k) => (value.Matches[k.context] ?? []).map((id) => ({ kind: k, id })));
      if (hits.length === 0) throw new DroverError('DROVER_ERR_NOT_FOUND', `No job(s), allocation(s), node(s) or evaluation(s) with prefix or ID "${prefix}" found`, { statusCode: 404, location: prefix });
      const exact = hits.filter((h) => h.id === prefix);
      const chosen = exact.length === 1 ? exact[0]! : hits.length === 1 ? hits[0]! : undefined;
      if (!chosen) {
        const list = hits.map((h) => `  ${h.kind.noun.padEnd(10)}  ${h.id}`).join('\n');
        throw new DroverError('DROVER_ERR_AMBIGUOUS_PREFIX', `Prefix "${prefix}" matched multiple objects:\n\n${list}\n\nUse a longer prefix or the specific command`, { statusCode: 400, location: prefix });
      }
      await program.parseAsync([...chosen.kind.argv, chosen.id, ...rest], { from: 'user' });
    });
}
