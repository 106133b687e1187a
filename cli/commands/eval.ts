/**
 * The `eval` command group: list and status (with placement failures explained).
 */
import type { Command } from 'commander';
import type { Evaluation } from '../../api/structs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { GlobalFlags } from '../env.js';
import { formatPlacementFailure } from '../monitor.js';
import { keyValues, printJson, short, table } from '../output/format.js';
import { resolvePrefix } from '../prefix.js';

interface Flags extends GlobalFlags { json?: boolean; verbose?: boolean; job?: string; status?: string }

/** registerEvalCommands adds `drover eval ...`. */
export function registerEvalCommands(program: Command): void {
  const ev = program.command('eval').description('Interact with evaluations');

  addGlobalFlags(ev.command('list').description('List evaluations'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs').option('--job <id>', 'only this job').option('--status <s>', 'only this status')
    .action(async (flags: Flags) => {
      const conn = connect(flags);
      const { value } = await conn.client.get<Evaluation[]>('/v1/evaluations', { query: { namespace: conn.namespace, job: flags.job, status: flags.status } });
      if (flags.json) { printJson(value); return; }
      process.stdout.write(value.length ? `${table(['ID', 'Priority', 'Triggered By', 'Job ID', 'Node ID', 'Status', 'Placement Failures'],
        value.map((e) => [short(e.ID, flags.verbose), String(e.Priority), e.TriggeredBy, e.JobID, e.NodeID ? short(e.NodeID, flags.verbose) : '<none>', e.Status, String(Object.keys(e.FailedTGAllocs ?? {}).length > 0)]))}\n` : 'No evals found\n');
    });

  addGlobalFlags(ev.command('status <id>').description('Display evaluation status and placement failures'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs')
    .action(async (prefix: string, flags: Flags) => {
      const conn = connect(flags);
      const id = await resolvePrefix(conn, '/v1/evaluations', prefix, 'evaluation', (e) => `${String(e.ID)}  ${String(e.JobID)}  ${String(e.Status)}`);
      const { value: e } = await conn.client.get<Evaluation>(`/v1/evaluation/${id}`);
      if (flags.json) { printJson(e); return; }
      const out = [keyValues([
        ['ID', short(e.ID, flags.verbose)], ['Status', e.Status], ['Status Description', e.StatusDescription || '<none>'], ['Type', e.Type],
        ['TriggeredBy', e.TriggeredBy], ['Job ID', e.JobID], ['Namespace', e.Namespace], ['Priority', String(e.Priority)],
        ['Placement Failures', String(Object.keys(e.FailedTGAllocs ?? {}).length > 0)], ['Previous Eval', e.PreviousEval ?? '<none>'],
        ['Next Eval', e.NextEval ?? '<none>'], ['Blocked Eval', e.BlockedEval ?? '<none>'],
      ])];
      const failures = Object.entries(e.FailedTGAllocs ?? {});
      if (failures.length) {
        out.push('', 'Failed Placements');
        for (const [g, m] of failures) out.push(formatPlacementFailure(g, m, ''));
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
