/**
 * Start a task under a detached supervisor (executor-main.ts) and observe it afterwards, from
 * this agent process or from a restarted one. The driver-private handle state is
 * `SupervisedState`: enough to find the supervisor's files and to validate PIDs by start time.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DroverError } from '../../api/errors.js';
import type { ExitResult } from '../../plugins/driver.js';
import { executorFiles } from './executor-spec.js';
import type { ExecutorSpec, StartErrorRecord, TaskExitRecord, TaskStartRecord } from './executor-spec.js';
import { isSameProcessAlive, processIdentity } from './proc.js';
import type { ProcessIdentity } from './proc.js';
import { waitFor } from './wait-for.js';

/** SupervisedState is the JSON a process-based driver keeps in TaskHandle.state. */
export interface SupervisedState {
  stateDir: string;
  executor: ProcessIdentity;
  task: ProcessIdentity;
  startedAt: number;
}

const executorMain = fileURLToPath(new URL('./executor-main.js', import.meta.url));

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * startSupervised launches the supervisor, waits until it reports the task started (or failed
 * to start), and returns the state to persist. Start failures throw DROVER_ERR_TASK_START.
 */
export async function startSupervised(spec: ExecutorSpec, startTimeoutMs = 10_000): Promise<SupervisedState> {
  await mkdir(spec.stateDir, { recursive: true, mode: 0o700 });
  const files = executorFiles(spec.stateDir);
  await writeFile(files.spec, JSON.stringify(spec), { mode: 0o600 });
  const log = await open(files.log, 'a');
  const executor = spawn(process.execPath, [executorMain, spec.stateDir], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    cwd: spec.stateDir,
  });
  await log.close();
  executor.unref();
  const executorPid = executor.pid;
  if (executorPid === undefined) {
    throw new DroverError('DROVER_ERR_TASK_START', `cannot start task supervisor for ${spec.command}`, { location: 'command' });
  }
  const started = await waitFor(async () => {
    const task = await readJson<TaskStartRecord>(files.task);
    if (task !== undefined) return { task };
    const failure = await readJson<StartErrorRecord>(files.startError);
    if (failure !== undefined) return { failure };
    return undefined;
  }, { timeoutMs: startTimeoutMs, what: `task ${spec.command} to start` });
  if ('failure' in started && started.failure !== undefined) {
    throw new DroverError('DROVER_ERR_TASK_START', `failed to start task: ${started.failure.message}`, { location: 'command' });
  }
  const task = (started as { task: TaskStartRecord }).task;
  const executorIdentity = (await processIdentity(executorPid)) ?? { pid: executorPid, startTime: 0 };
  return { stateDir: spec.stateDir, executor: executorIdentity, task: { pid: task.pid, startTime: task.startTime }, startedAt: task.startedAt };
}

/** readExitRecord returns the recorded exit of a supervised task, if it has exited. */
export async function readExitRecord(state: SupervisedState): Promise<TaskExitRecord | undefined> {
  return readJson<TaskExitRecord>(executorFiles(state.stateDir).exit);
}

/**
 * supervisedExit resolves with the task's exit once recorded. It wakes on inotify events in
 * the state directory (exit.json is renamed into place) and re-checks every `pollMs` anyway.
 * If the supervisor died without recording an exit (it was killed), it resolves when the task
 * itself is gone, with `err` set.
 */
export async function supervisedExit(state: SupervisedState, signal?: AbortSignal, pollMs = 500): Promise<ExitResult> {
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(state.stateDir, () => wake?.());
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  try {
    for (;;) {
      if (signal?.aborted === true) throw new DroverError('DROVER_ERR_ABORTED', 'stopped waiting for task exit');
      const result = await probeExit(state);
      if (result !== undefined) {
        return { exitCode: result.exitCode, signal: result.signal, oomKilled: false, ...(result.err === undefined ? {} : { err: result.err }) };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, watcher === undefined ? 50 : pollMs);
        const onAbort = (): void => done();
        signal?.addEventListener('abort', onAbort, { once: true });
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    watcher?.close();
  }
}

async function probeExit(state: SupervisedState): Promise<TaskExitRecord | undefined> {
  const exit = await readExitRecord(state);
  if (exit !== undefined) return exit;
  if (await isSameProcessAlive(state.executor)) return undefined;
  const again = await readExitRecord(state);
  if (again !== undefined) return again;
  if (await isSameProcessAlive(state.task)) return undefined;
  return { exitCode: -1, signal: 0, completedAt: Date.now(), err: 'task supervisor died before the task; exit status unknown' };
}

/**
 * isSupervisedRecoverable is true when the task is still running or its exit has been
 * recorded. A supervisor that is still alive only counts while its state directory exists
 * (after destroy it may linger a few milliseconds, but the task is gone for good).
 */
export async function isSupervisedRecoverable(state: SupervisedState): Promise<boolean> {
  if ((await readExitRecord(state)) !== undefined) return true;
  if (await isSameProcessAlive(state.task)) return true;
  const stateDirExists = await access(executorFiles(state.stateDir).spec).then(() => true, () => false);
  return stateDirExists && (await isSameProcessAlive(state.executor));
}

/**
 * signalTaskGroup sends `signal` to the task's process group, but only if the task PID still
 * belongs to the process we started (same /proc start time). Returns false when it is gone.
 */
export async function signalTaskGroup(state: SupervisedState, signal: number): Promise<boolean> {
  if (!(await isSameProcessAlive(state.task))) return false;
  try {
    process.kill(-state.task.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** removeSupervisedState deletes the supervisor's state directory. */
export async function removeSupervisedState(state: SupervisedState): Promise<void> {
  await rm(state.stateDir, { recursive: true, force: true });
}

/** isSupervisedState checks the shape of handle state read back from the client's store. */
export function isSupervisedState(value: unknown): value is SupervisedState {
  const v = value as Partial<SupervisedState> | null;
  return typeof v === 'object' && v !== null && typeof v.stateDir === 'string'
    && typeof v.task?.pid === 'number' && typeof v.executor?.pid === 'number';
}
