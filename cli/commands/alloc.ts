/**
 * The `alloc` command group: status, logs, exec, restart, signal, stop.
 */
import type { Command } from 'commander';
import WebSocket from 'ws';
import type { Allocation, Job } from '../../api/structs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { Connection, GlobalFlags } from '../env.js';
import { streamAllocLogs } from '../logs.js';
import { monitorEval } from '../monitor.js';
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

/** registerAllocCommands adds `drover alloc ...`. */
export function registerAllocCommands(program: Command): void {
  const alloc = program.command('alloc').description('Interact with allocations');

  addGlobalFlags(alloc.command('status <id>').description('Display allocation status and task events'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs')
    .action(async (prefix: string, flags: Flags) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      if (flags.json) { printJson(a); return; }
      const out = [keyValues([
        ['ID', short(a.ID, flags.verbose)], ['Eval ID', short(a.EvalID, flags.verbose)], ['Name', a.Name], ['Node ID', short(a.NodeID, flags.verbose)],
        ['Node Name', a.NodeName], ['Job ID', a.JobID], ['Job Version', String(a.JobVersion)], ['Client Status', a.ClientStatus],
        ['Client Description', a.ClientDescription || '<none>'], ['Desired Status', a.DesiredStatus], ['Desired Description', a.DesiredDescription || '<none>'],
        ['Created', ago(a.CreateTime)], ['Modified', ago(a.ModifyTime)],
      ])];
      for (const [task, st] of Object.entries(a.TaskStates ?? {})) {
        out.push('', `Task "${task}" is "${st.State}"`, 'Task Events:', `Started At     = ${st.StartedAt ?? 'N/A'}`, `Finished At    = ${st.FinishedAt ?? 'N/A'}`, `Total Restarts = ${st.Restarts}`, '');
        out.push(table(['Time', 'Type', 'Description'], [...st.Events].reverse().map((e) => [timestamp(e.Time), e.Type, e.DisplayMessage])));
      }
      const failed = a.Metrics && a.Metrics.NodesFiltered > 0 ? `\nPlacement Metrics\n  * Nodes evaluated: ${a.Metrics.NodesEvaluated}, filtered: ${a.Metrics.NodesFiltered}` : '';
      process.stdout.write(`${out.join('\n')}${failed}\n`);
    });

  addGlobalFlags(alloc.command('logs <id> [task]').description('Stream the logs of a task'))
    .option('-f, --follow', 'keep streaming').option('--stderr', 'stderr instead of stdout')
    .option('--tail', 'start from the end').option('-n <lines>', 'with -tail: number of lines (default 10)')
    .action(async (prefix: string, taskArg: string | undefined, flags: GlobalFlags & { follow?: boolean; stderr?: boolean; tail?: boolean; n?: string }) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      const task = singleTask(a, taskArg);
      if (flags.tail && !flags.follow) {
        let buf = '';
        const sink = { write: (s: string) => { buf += s; return true; } } as unknown as NodeJS.WritableStream;
        await streamAllocLogs(conn, a.ID, task, { type: flags.stderr ? 'stderr' : 'stdout', follow: false, out: sink });
        const lines = buf.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        process.stdout.write(`${lines.slice(-Number(flags.n ?? 10)).join('\n')}\n`);
        return;
      }
      await streamAllocLogs(conn, a.ID, task, { type: flags.stderr ? 'stderr' : 'stdout', follow: flags.follow === true, ...(flags.tail ? { tailBytes: 4096 } : {}) });
    });

  addGlobalFlags(alloc.command('exec <id> <command...>').description('Run a command inside a running task'))
    .option('--task <task>', 'the task').option('-i, --interactive', 'pass stdin (default: when stdin is a TTY)').option('-t, --tty', 'allocate a TTY')
    .action(async (prefix: string, command: string[], flags: GlobalFlags & { task?: string; interactive?: boolean; tty?: boolean }) => {
      const conn = connect(flags);
      const a = await getAlloc(conn, prefix);
      const task = singleTask(a, flags.task);
      const url = conn.client.url(`/v1/client/allocation/${a.ID}/exec`, { query: { task, command: JSON.stringify(command), tty: String(flags.tty === true) } }).replace(/^http/, 'ws');
      process.exitCode = await runExec(url, flags.interactive ?? process.stdin.isTTY === true);
    });

  for (const [verb, description] of [['restart', 'Restart a running allocation'], ['signal', 'Signal a running allocation']] as const) {
    addGlobalFlags(alloc.command(`${verb} <id> [task]`).description(description)).option('-s, --signal <sig>', 'signal to send (signal only)', 'SIGKILL')
      .action(async (prefix: string, task: string | undefined, flags: GlobalFlags & { signal?: string }) => {
        const conn = connect(flags);
        const id = await resolveAllocId(conn, prefix);
        const body = verb === 'restart' ? { TaskName: task ?? '' } : { Task: task ?? '', Signal: flags.signal };
        await conn.client.post(`/v1/client/allocation/${id}/${verb}`, body);
        process.stdout.write(`${verb === 'restart' ? 'Restart' : 'Signal'} sent to allocation "${short(id)}"\n`);
      });
  }

  addGlobalFlags(alloc.command('stop <id>').description('Stop and reschedule a running allocation'))
    .option('--detach', 'do not monitor')
    .action(async (prefix: string, flags: GlobalFlags & { detach?: boolean }) => {
      const conn = connect(flags);
      const id = await resolveAllocId(conn, prefix);
      const { value } = await conn.client.post<{ EvalID: string }>(`/v1/allocation/${id}/stop`, {});
      if (flags.detach) { process.stdout.write(`Evaluation ID: ${value.EvalID}\n`); return; }
      await monitorEval(conn, value.EvalID);
    });
}

/** runExec speaks Nomad's exec WebSocket frames; resolves with the remote exit code. */
function runExec(url: string, interactive: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      if (!interactive) { ws.send(JSON.stringify({ stdin: { close: true } })); return; }
      process.stdin.on('data', (d: Buffer) => ws.send(JSON.stringify({ stdin: { data: d.toString('base64') } })));
      process.stdin.on('end', () => ws.send(JSON.stringify({ stdin: { close: true } })));
    });
    ws.on('message', (raw: Buffer) => {
      const f = JSON.parse(raw.toString()) as { stdout?: { data?: string }; stderr?: { data?: string }; exited?: boolean; result?: { exit_code: number } };
      if (f.stdout?.data) process.stdout.write(Buffer.from(f.stdout.data, 'base64'));
      if (f.stderr?.data) process.stderr.write(Buffer.from(f.stderr.data, 'base64'));
      if (f.exited) { ws.close(); process.stdin.pause(); resolve(f.result?.exit_code ?? 0); }
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => reject(new Error(`exec refused (HTTP ${res.statusCode}): ${body}`)));
    });
    ws.on('error', reject);
  });
}
