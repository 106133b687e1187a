/**
 * Task supervisor ("executor") entry point: `node executor-main.js <stateDir>`.
 *
 * The driver starts it detached (own session) so it outlives the agent. It starts the task in
 * its own session/process group with stdout/stderr going straight to the files the client
 * rotates, records the task's pid + /proc start time in task.json, and when the task exits
 * records the exit status in exit.json (atomically: write to a temp file, then rename). Then it
 * exits. It ignores the usual termination signals: only the task's fate ends it.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { executorFiles } from './executor-spec.js';
import type { ExecutorSpec, StartErrorRecord, TaskExitRecord, TaskStartRecord } from './executor-spec.js';
import { parseProcStat } from './proc.js';

function writeAtomically(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, path);
}

function startTimeOf(pid: number): number {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTime ?? 0;
  } catch {
    return 0;
  }
}

function main(): void {
  const stateDir = process.argv[2];
  if (stateDir === undefined) {
    process.stderr.write('usage: executor-main <stateDir>\n');
    process.exit(2);
  }
  const files = executorFiles(stateDir);
  const spec = JSON.parse(readFileSync(files.spec, 'utf8')) as ExecutorSpec;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGPIPE'] as const) process.on(sig, () => undefined);

  let stdoutFd: number;
  let stderrFd: number;
  try {
    stdoutFd = openSync(spec.stdoutPath, 'a');
    stderrFd = openSync(spec.stderrPath, 'a');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const record: StartErrorRecord = { message: `cannot open task log file: ${err.message}`, code: err.code ?? 'UNKNOWN' };
    writeAtomically(files.startError, record);
    process.exit(1);
  }
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', stdoutFd, stderrFd],
  });
  child.once('error', (err: NodeJS.ErrnoException) => {
    const record: StartErrorRecord = { message: `${spec.command}: ${err.message}`, code: err.code ?? 'UNKNOWN' };
    writeAtomically(files.startError, record);
    process.exit(1);
  });
  child.once('spawn', () => {
    const pid = child.pid ?? 0;
    const record: TaskStartRecord = { pid, startTime: startTimeOf(pid), startedAt: Date.now() };
    writeAtomically(files.task, record);
  });
  child.once('exit', (code, signal) => {
    const signalNumber = signal === null ? 0 : (constants.signals as Record<string, number>)[signal] ?? 0;
    const record: TaskExitRecord = {
      exitCode: code ?? 128 + signalNumber,
      signal: signalNumber,
      completedAt: Date.now(),
    };
    writeAtomically(files.exit, record);
    process.exit(0);
  });
}

main();
