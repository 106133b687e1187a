/**
 * mock_driver: an in-process driver for tests, shaped by the knobs in its task config
 * (contributing/mock-driver.md). Its "task" is a timer; the handle records when it started so a
 * fresh driver instance can recover it and report the same exit.
 */
import { appendFile } from 'node:fs/promises';
import type {
  DriverCapabilities, DriverFingerprint, DriverPlugin, ExecResult, ExitResult, TaskConfig, TaskHandle,
  TaskResourceUsage, TaskStatus,
} from '../../plugins/driver.js';
import { validateTaskConfig } from '../../plugins/validate.js';
import { TASK_START_FAILED, TASK_START_RECOVERABLE } from '../../plugins/driver-errors.js';
import { DroverError } from '../../api/errors.js';
import { parseDuration } from '../shared/duration.js';
import { signalNumber } from '../shared/signals.js';
import { taskConfigInvalid, taskNotFound, taskStillRunning } from '../shared/task-errors.js';
import { mockConfigSchema, mockTaskConfigSchema } from './schema.js';

/** MockTaskConfig is the validated `config {}` block. */
export interface MockTaskConfig {
  run_for?: string;
  exit_code?: number;
  exit_signal?: number;
  exit_err_msg?: string;
  start_error?: string;
  start_error_recoverable?: boolean;
  start_block_for?: string;
  kill_after?: string;
  stdout_string?: string;
  stdout_repeat?: number;
  stdout_repeat_duration?: string;
  signal_error?: string;
}

interface MockTask {
  handle: TaskHandle;
  config: MockTaskConfig;
  exit?: ExitResult;
  completedAt?: number;
  waiters: Array<(r: ExitResult) => void>;
  timers: NodeJS.Timeout[];
  signals: string[];
}

/** MockDriver implements `mock_driver`. */
export class MockDriver implements DriverPlugin {
  readonly name = 'mock_driver';
  readonly configSchema = mockConfigSchema;
  readonly taskConfigSchema = mockTaskConfigSchema;
  readonly capabilities: DriverCapabilities = { sendSignals: true, exec: true, fsIsolation: 'none' };
  private readonly tasks = new Map<string, MockTask>();

  async setConfig(_config: Record<string, unknown>): Promise<void> {
    // No options.
  }

  async fingerprint(): Promise<DriverFingerprint> {
    return { health: 'healthy', healthDescription: 'healthy', attributes: { 'driver.mock_driver': '1' } };
  }

  async start(config: TaskConfig): Promise<TaskHandle> {
    const errors = validateTaskConfig(this, config.driverConfig);
    if (errors.length > 0) throw taskConfigInvalid(this.name, errors);
    const knobs = config.driverConfig as MockTaskConfig;
    if (knobs.start_block_for !== undefined) await new Promise((r) => setTimeout(r, parseDuration(knobs.start_block_for ?? '0', 'config.start_block_for')));
    if (knobs.start_error !== undefined) {
      throw new DroverError(knobs.start_error_recoverable === true ? TASK_START_RECOVERABLE : TASK_START_FAILED, knobs.start_error, { location: 'config.start_error' });
    }
    const startedAt = Date.now();
    const handle: TaskHandle = { version: 1, driver: this.name, taskId: config.id, config, startedAt, state: { startedAt } };
    this.arm(handle, knobs, true);
    return handle;
  }

  async recover(handle: TaskHandle): Promise<void> {
    if (this.tasks.has(handle.taskId)) return;
    if (handle.driver !== this.name || typeof handle.state['startedAt'] !== 'number') {
      throw taskNotFound(this.name, handle.taskId, 'not a mock_driver handle');
    }
    this.arm(handle, handle.config.driverConfig as MockTaskConfig, false);
  }

  private arm(handle: TaskHandle, knobs: MockTaskConfig, writeOutput: boolean): void {
    const task: MockTask = { handle, config: knobs, waiters: [], timers: [], signals: [] };
    this.tasks.set(handle.taskId, task);
    const runFor = parseDuration(knobs.run_for ?? '0', 'config.run_for');
    const remaining = Math.max(0, handle.startedAt + runFor - Date.now());
    const result: ExitResult = {
      exitCode: knobs.exit_code ?? 0,
      signal: knobs.exit_signal ?? 0,
      oomKilled: false,
      ...(knobs.exit_err_msg === undefined ? {} : { err: knobs.exit_err_msg }),
    };
    task.timers.push(setTimeout(() => this.finish(task, result), remaining));
    if (writeOutput && knobs.stdout_string !== undefined) this.writeOutput(task, knobs);
  }

  private writeOutput(task: MockTask, knobs: MockTaskConfig): void {
    const text = knobs.stdout_string ?? '';
    const path = task.handle.config.stdoutPath;
    void appendFile(path, text).catch(() => undefined);
    const repeat = knobs.stdout_repeat ?? 0;
    const every = parseDuration(knobs.stdout_repeat_duration ?? '0', 'config.stdout_repeat_duration');
    for (let i = 1; i <= repeat; i++) {
      task.timers.push(setTimeout(() => {
        if (task.exit === undefined) void appendFile(path, text).catch(() => undefined);
      }, every * i));
    }
  }

  private finish(task: MockTask, result: ExitResult): void {
    if (task.exit !== undefined) return;
    for (const timer of task.timers) clearTimeout(timer);
    task.exit = result;
    task.completedAt = Date.now();
    for (const waiter of task.waiters.splice(0)) waiter(result);
  }

  private taskOf(taskId: string): MockTask {
    const task = this.tasks.get(taskId);
    if (task === undefined) throw taskNotFound(this.name, taskId);
    return task;
  }

  wait(taskId: string, signal?: AbortSignal): Promise<ExitResult> {
    const task = this.taskOf(taskId);
    if (task.exit !== undefined) return Promise.resolve(task.exit);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new DroverError('DROVER_ERR_ABORTED', `stopped waiting for task ${taskId}`));
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      task.waiters.push((r) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      });
    });
  }

  async stop(taskId: string, timeoutMs: number, signal?: string): Promise<void> {
    const task = this.taskOf(taskId);
    if (task.exit !== undefined) return;
    const killAfter = parseDuration(task.config.kill_after ?? '0', 'config.kill_after');
    const forced = killAfter > timeoutMs;
    const sig = forced ? 9 : signalNumber(signal ?? 'SIGINT');
    const exit: ExitResult = { exitCode: 128 + sig, signal: sig, oomKilled: false };
    await new Promise<void>((resolve) => {
      task.timers.push(setTimeout(() => {
        this.finish(task, exit);
        resolve();
      }, Math.min(killAfter, timeoutMs)));
    });
  }

  async destroy(taskId: string, force: boolean): Promise<void> {
    const task = this.tasks.get(taskId);
    if (task === undefined) return;
    if (task.exit === undefined) {
      if (!force) throw taskStillRunning(this.name, taskId);
      this.finish(task, { exitCode: 137, signal: 9, oomKilled: false });
    }
    this.tasks.delete(taskId);
  }

  async inspect(taskId: string): Promise<TaskStatus> {
    const task = this.taskOf(taskId);
    const attributes = { started_at: String(task.handle.startedAt) };
    if (task.exit === undefined) return { id: taskId, state: 'running', startedAt: task.handle.startedAt, attributes };
    return { id: taskId, state: 'exited', startedAt: task.handle.startedAt, completedAt: task.completedAt ?? Date.now(), exitResult: task.exit, attributes };
  }

  async stats(taskId: string): Promise<TaskResourceUsage> {
    this.taskOf(taskId);
    return {
      timestamp: Date.now(),
      cpu: { percent: 0, totalTicks: 0, userMode: 0, systemMode: 0 },
      memory: { rss: 0, cache: 0, usage: 0, maxUsage: 0 },
      pids: {},
    };
  }

  async signal(taskId: string, signal: string): Promise<void> {
    const task = this.taskOf(taskId);
    signalNumber(signal);
    if (task.config.signal_error !== undefined) {
      throw new DroverError('DROVER_ERR_TASK_SIGNAL', task.config.signal_error, { location: 'config.signal_error' });
    }
    if (task.exit !== undefined) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `mock_driver: task ${taskId} is not running`, { statusCode: 409 });
    task.signals.push(signal);
  }

  /** signalsReceived lists the signals a task got (for tests). */
  signalsReceived(taskId: string): string[] {
    return [...this.taskOf(taskId).signals];
  }

  /** exec echoes its command line, like `echo`: stdout is the arguments joined by spaces. */
  async exec(taskId: string, command: string[], _timeoutMs: number): Promise<ExecResult> {
    this.taskOf(taskId);
    return { exitCode: 0, stdout: new TextEncoder().encode(`${command.slice(1).join(' ')}\n`), stderr: new Uint8Array() };
  }

  async shutdown(): Promise<void> {
    for (const task of this.tasks.values()) for (const timer of task.timers) clearTimeout(timer);
  }
}
