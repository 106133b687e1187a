/**
 * The `alloc` command group: status, logs, exec, restart, signal, stop.
 */
import type { Command } from 'commander';
import type { Allocation, Job } from '../../api/structs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { Connection, GlobalFlags } from '../env.js';
import { runExec } from '../exec.js';
import { lastLines, readAllLogs, streamAllocLogs } from '../logs.js';
import { formatPlacementFailure, monitorEval } from '../monitor.js';
import { ago, keyValues, printJson, short, table, timestamp } from '../output/format.js';
import { resolvePrefix } from '../prefix.js';

type AllocView = Allocation & { Job: Job | null };
interface Flags extends GlobalFlags { json?: boolean; verbose?: boolean }

function resolveAllocId(conn: Connection, prefix: string): Promise<string> {
  return resolvePrefix(conn, '/v1/allocations', prefix, 'allocation', (a) => `${String(a.ID)}  ${String(a.Name)}  ${String(a.ClientStatus)}`);
}

async function getAlloc(conn: Connection, prefix: string): Promise<AllocView> {
  const id = await resolveAllocId(conn, prefix);
  return (await conn.client.get<AllocView>(`/v1/allocation/${id}`)).value;
}

function singleTask(a: AllocView, task: string | undefined): string {
  if (task) return task;
  const tasks = Object.keys(a.TaskStates ?? {});
  const fromJob = a.Job?.TaskGroups.find((g) => g.Name === a.TaskGroup)?.Tasks.map((t) => t.Name) ?? [];
  const names = tasks.length ? tasks : fromJob;
  if (names.length !== 1) throw new Error(`allocation has ${names.length} tasks (${names.join(', ')}): name one`);
  return names[0]!;
}

/** renderAllocStatus is the human form of `alloc status` (Nomad's layout). */
export function renderAllocStatus(a: AllocView, verbose = false): string {
  const out = [keyValues([
    ['ID', short(a.ID, verbose)], ['Eval ID', short(a.EvalID, verbose)], ['Name', a.Name], ['Node ID', short(a.NodeID, verbose)],
    ['Node Name', a.NodeName], ['Job ID', a.JobID], ['Job Version', String(a.JobVersion)], ['Client Status', a.ClientStatus],
    ['Client Description', a.ClientDescription || '<none>'], ['Desired Status', a.DesiredStatus], ['Desired Description', a.DesiredDescription || '<none>'],
    ['Created', ago(a.CreateTime)], ['Modified', ago(a.ModifyTime)],
    ...(a.PreviousAllocation ? [['Replaced Alloc ID', short(a.PreviousAllocation, verbose)] as const] : []),
    ...(a.NextAllocation ? [['Replacement Alloc ID', short(a.NextAllocation, verbose)] as const] : []),
  ])];
  for (const [task, st] of Object.entries(a.TaskStates ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
    out.push('', `Task "${task}" is "${st.State}"`, keyValues([['Started At', st.StartedAt ?? 'N/A'], ['Finished At', st.FinishedAt ?? 'N/A'], ['Total Restarts', String(st.Restarts)], ['Last Restart', st.LastRestart ?? 'N/A']]));
    out.push('', 'Task Events:', table(['Time', 'Type', 'Description'], [...(st.Events ?? [])].reverse().map((e) => [timestamp(e.Time), e.Type, e.DisplayMessage])));
  }
  const m = a.Metrics;
  if (m && (verbose || m.NodesFiltered > 0 || m.NodesExhausted > 0)) {
    out.push('', 'Placement Metrics');
    out.push(`  * Nodes evaluated: ${m.NodesEvaluated}, filtered: ${m.NodesFiltered}, exhausted: ${m.NodesExhausted}, in pool: ${m.NodesInPool}`);
    const detail = formatPlacementFailure(a.TaskGroup, m, '  ').split('\n').slice(1);
    out.push(...detail);
    if (verbose && m.ScoreMetaData?.length) {
      const kinds = [...new Set(m.ScoreMetaData.flatMap((s) => Object.keys(s.Scores)))].sort();
      out.push(table(['Node', ...kinds, 'final score'], m.ScoreMetaData.map((s) => [short(s.NodeID, verbose), ...kinds.map((k) => (s.Scores[k] ?? 0).toFixed(3)), s.NormScore.toFixed(3)])));
    }
  }
  return out.join('\n');
}

/** registerAllocCommands adds `drover alloc ...`. */
export function registerAllocCommands(program: Command): void {
  const alloc = program.command('alloc').description('Interact with allocations');

  addGlobalFlags(alloc.command('status <id>').description('Display allocation status, task events and placement metrics'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs and placement scores')
    .action(async (prefix: string, flags: Flags) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      if (flags.json) { printJson(a); return; }
      process.stdout.write(`${renderAllocStatus(a, flags.verbose)}\n`);
    });

  addGlobalFlags(alloc.command('logs <id> [task]').description('Print (or follow) the logs of a task'))
    .option('-f, --follow', 'keep streaming until the task ends').option('--stderr', 'stderr instead of stdout')
    .option('--tail', 'only the end of the log').option('-n <lines>', 'with -tail: number of lines (default 10)')
    .option('--task <task>', 'the task (alternative to the positional argument)')
    .action(async (prefix: string, taskArg: string | undefined, flags: GlobalFlags & { follow?: boolean; stderr?: boolean; tail?: boolean; n?: string; task?: string }) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      const task = singleTask(a, taskArg ?? flags.task);
      const type = flags.stderr ? 'stderr' : 'stdout';
      if (!flags.tail && flags.n === undefined) {
        await streamAllocLogs(conn, a.ID, task, { type, follow: flags.follow === true });
        return;
      }
      const n = Number(flags.n ?? 10);
      if (!Number.isInteger(n) || n < 0) throw new Error(`-n must be a non-negative integer, not "${flags.n}"`);
      const now = await readAllLogs(conn, a.ID, task, type);
      process.stdout.write(lastLines(now.toString('utf8'), n));
      if (flags.follow) await streamAllocLogs(conn, a.ID, task, { type, follow: true, startOffset: now.length });
    });

  addGlobalFlags(alloc.command('exec <id> <command...>').description('Run a command inside a running task; exits with its exit code'))
    .option('--task <task>', 'the task').option('-i, --interactive', 'pass stdin (default: when stdin is a TTY)').option('-t, --tty', 'allocate a TTY')
    .action(async (prefix: string, command: string[], flags: GlobalFlags & { task?: string; interactive?: boolean; tty?: boolean }) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      const task = singleTask(a, flags.task);
      const url = conn.client.url(`/v1/client/allocation/${a.ID}/exec`, { query: { task, command: JSON.stringify(command), tty: String(flags.tty === true) } }).replace(/^http/, 'ws');
      process.exitCode = await runExec(url, flags.interactive ?? process.stdin.isTTY === true, conn.token);
    });

  for (const [verb, description] of [['restart', 'Restart a running allocation'], ['signal', 'Signal a running allocation']] as const) {
    const cmd = addGlobalFlags(alloc.command(`${verb} <id> [task]`).description(description)).option('--task <task>', 'the task (alternative to the positional argument)');
    if (verb === 'signal') cmd.option('-s, --signal <sig>', 'signal to send', 'SIGKILL');
    cmd.action(async (prefix: string, task: string | undefined, flags: GlobalFlags & { signal?: string; task?: string }) => {
      const conn = connect(flags);
      const id = await resolveAllocId(conn, prefix);
      const name = task ?? flags.task ?? '';
      const sig = (flags.signal ?? 'SIGKILL').toUpperCase();
      const body = verb === 'restart' ? { TaskName: name } : { Task: name, Signal: sig.startsWith('SIG') ? sig : `SIG${sig}` };
      await conn.client.post(`/v1/client/allocation/${id}/${verb}`, body);
      process.stdout.write(`${verb === 'restart' ? 'Restart' : 'Signal'} sent to allocation "${short(id)}"${name ? ` task "${name}"` : ''}\n`);
    });
  }

  addGlobalFlags(alloc.command('stop <id>').description('Stop and reschedule a running allocation'))
    .option('--detach', 'do not monitor').option('--verbose', 'full IDs')
    .action(async (prefix: string, flags: GlobalFlags & { detach?: boolean; verbose?: boolean }) => {
      const conn = connect(flags);
      const id = await resolveAllocId(conn, prefix);
      const { value } = await conn.client.post<{ EvalID: string }>(`/v1/allocation/${id}/stop`, {});
      if (flags.detach) { process.stdout.write(`Evaluation ID: ${value.EvalID}\n`); return; }
      const r = await monitorEval(conn, value.EvalID, flags.verbose);
      process.exitCode = r.placementFailed ? 2 : 0;
    });
}
