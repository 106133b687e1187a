/**
 * ProcessDriverBase: the lifecycle shared by drivers whose task is a host process tree under a
 * detached supervisor (raw_exec, exec, qemu). A subclass says how to launch the task
 * (`buildLaunch`) and may refine exit results (OOM), stopping (QMP) and cleanup (cgroups).
 */
import { join } from 'node:path';
import { cpus } from 'node:os';
import type {
  DriverCapabilities, DriverFingerprint, DriverPlugin, ExecResult, ExecStreamingOptions, ExitResult, TaskConfig,
  TaskHandle, TaskResourceUsage, TaskStatus,
} from '../../plugins/driver.js';
import type { JSONSchema7 } from '../../plugins/json-schema.js';
import { validateAgainst, validateTaskConfig } from '../../plugins/validate.js';
import { DroverError } from '../../api/errors.js';
import { processGroupUsage } from './proc.js';
import { runCommand } from './run-command.js';
import { runStreaming } from './run-streaming.js';
import type { CommandLine } from './run-streaming.js';
import { signalNumber } from './signals.js';
import {
  isSupervisedRecoverable, isSupervisedState, readExitRecord, removeSupervisedState, signalTaskGroup,
  startSupervised, supervisedExit,
} from './supervised-task.js';
import type { SupervisedState } from './supervised-task.js';
import { taskConfigInvalid, taskNotFound, taskStillRunning } from './task-errors.js';
import { waitFor } from './wait-for.js';

/** LaunchPlan is how a subclass wants its task process started. */
export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Extra driver-private state stored beside the supervisor state in the handle. */
  extra?: Record<string, unknown>;
}

/** ProcessTask is the in-memory record of one task. */
export interface ProcessTask {
  handle: TaskHandle;
  state: SupervisedState;
  extra: Record<string, unknown>;
  exit?: ExitResult;
  exitPromise?: Promise<ExitResult>;
  lastCpu?: { at: number; ticks: number };
}

const clockTicksPerSecond = 100;

/** supervisorStateDir is where a task's supervisor keeps its files (outside the task's chroot). */
export function supervisorStateDir(config: TaskConfig): string {
  const suffix = config.id.split('/').pop() ?? 'task';
  return join(config.allocDir, '.drover', `${config.name.replace(/[^A-Za-z0-9_.-]/g, '_')}-${suffix}`);
}

/** ProcessDriverBase implements DriverPlugin for supervised host processes. */
export abstract class ProcessDriverBase implements DriverPlugin {
  abstract readonly name: string;
  abstract readonly configSchema: JSONSchema7;
  abstract readonly taskConfigSchema: JSONSchema7;
  abstract readonly capabilities: DriverCapabilities;
  /** Signal used by stop() when the caller gives none (Nomad: SIGINT). */
  protected defaultKillSignal = 'SIGINT';
  protected pluginConfig: Record<string, unknown> = {};
  protected readonly tasks = new Map<string, ProcessTask>();

  abstract fingerprint(): Promise<DriverFingerprint>;
  /** buildLaunch turns a validated TaskConfig into the process to supervise. */
  protected abstract buildLaunch(config: TaskConfig): Promise<LaunchPlan>;
  /** execCommandLine says how to run `command` inside the task's context (exec, execStreaming). */
  protected abstract execCommandLine(task: ProcessTask, command: string[]): Promise<CommandLine>;

  private async execLine(taskId: string, command: string[]): Promise<CommandLine> {
    const task = this.taskOf(taskId);
    if (command.length === 0) throw new DroverError('DROVER_ERR_EXEC_INVALID', 'exec: empty command', { statusCode: 400, location: 'command' });
    if (await this.hasExited(task)) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `${this.name}: task ${taskId} is not running`, { statusCode: 409 });
    return this.execCommandLine(task, command);
  }

  async exec(taskId: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    const line = await this.execLine(taskId, command);
    return runCommand(line.command, line.args, { ...(line.cwd === undefined ? {} : { cwd: line.cwd }), env: line.env, timeoutMs });
  }

  async execStreaming(taskId: string, opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
    return runStreaming(await this.execLine(taskId, opts.command), opts);
  }

  async setConfig(config: Record<string, unknown>): Promise<void> {
    const errors = validateAgainst(this.configSchema, config, 'plugin.config');
    if (errors.length > 0) {
      throw new DroverError('DROVER_ERR_PLUGIN_CONFIG_INVALID', `${this.name}: ${errors.join('; ')}`, { statusCode: 400, location: errors[0]?.split(':')[0] });
    }
    this.pluginConfig = config;
  }

  async start(config: TaskConfig): Promise<TaskHandle> {
    if (this.tasks.has(config.id)) {
      throw new DroverError('DROVER_ERR_TASK_EXISTS', `${this.name}: task ${config.id} already started`, { statusCode: 409, location: 'id' });
    }
    const errors = validateTaskConfig(this, config.driverConfig);
    if (errors.length > 0) throw taskConfigInvalid(this.name, errors);
    const plan = await this.buildLaunch(config);
    const state = await startSupervised({
      command: plan.command,
      args: plan.args,
      env: plan.env,
      cwd: plan.cwd,
      stdoutPath: config.stdoutPath,
      stderrPath: config.stderrPath,
      stateDir: supervisorStateDir(config),
    });
    const extra = plan.extra ?? {};
    const handle: TaskHandle = {
      version: 1,
      driver: this.name,
      taskId: config.id,
      config,
      startedAt: state.startedAt,
      state: { ...extra, supervisor: state },
    };
    this.tasks.set(config.id, { handle, state, extra });
    return handle;
  }

  async recover(handle: TaskHandle): Promise<void> {
    if (this.tasks.has(handle.taskId)) return;
    const state = handle.state['supervisor'];
    if (handle.driver !== this.name || !isSupervisedState(state)) {
      throw taskNotFound(this.name, handle.taskId, 'handle is not a recoverable task handle');
    }
    if (!(await isSupervisedRecoverable(state))) {
      throw taskNotFound(this.name, handle.taskId, 'task process is gone (or its PID now belongs to another process)');
    }
    const { supervisor: _supervisor, ...extra } = handle.state;
    this.tasks.set(handle.taskId, { handle, state, extra });
  }

  /** taskOf returns the record of a known task or throws DROVER_ERR_TASK_NOT_FOUND. */
  protected taskOf(taskId: string): ProcessTask {
    const task = this.tasks.get(taskId);
    if (task === undefined) throw taskNotFound(this.name, taskId);
    return task;
  }

  /** refineExit lets a subclass enrich the exit result (e.g. OOM detection from cgroups). */
  protected async refineExit(_task: ProcessTask, result: ExitResult): Promise<ExitResult> {
    return result;
  }

  wait(taskId: string, signal?: AbortSignal): Promise<ExitResult> {
    const task = this.taskOf(taskId);
    if (task.exit !== undefined) return Promise.resolve(task.exit);
    if (task.exitPromise === undefined) {
      task.exitPromise = supervisedExit(task.state)
        .then((r) => this.refineExit(task, r))
        .then((r) => (task.exit = r));
    }
    if (signal === undefined) return task.exitPromise;
    return new Promise<ExitResult>((resolve, reject) => {
      const onAbort = (): void => reject(new DroverError('DROVER_ERR_ABORTED', `stopped waiting for task ${taskId}`));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      task.exitPromise?.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** hasExited checks the recorded exit without blocking. */
  protected async hasExited(task: ProcessTask): Promise<boolean> {
    return task.exit !== undefined || (await readExitRecord(task.state)) !== undefined;
  }

  /**
   * deliverSignal sends a user-level signal to the task (default: its whole process group).
   * Returns false when the task is gone. exec overrides it to target its namespace init.
   */
  protected async deliverSignal(task: ProcessTask, signal: number): Promise<boolean> {
    return signalTaskGroup(task.state, signal);
  }

  /** gracefulStop sends the stop signal; qemu overrides it with an ACPI powerdown. */
  protected async gracefulStop(task: ProcessTask, signal: string): Promise<void> {
    await this.deliverSignal(task, signalNumber(signal));
  }

  async stop(taskId: string, timeoutMs: number, signal?: string): Promise<void> {
    const task = this.taskOf(taskId);
    if (await this.hasExited(task)) return;
    await this.gracefulStop(task, signal ?? this.defaultKillSignal);
    const exited = await waitFor(async () => ((await this.hasExited(task)) ? true : undefined), { timeoutMs, what: 'graceful exit' })
      .catch(() => false);
    if (exited) return;
    await signalTaskGroup(task.state, signalNumber('SIGKILL'));
    await waitFor(async () => ((await this.hasExited(task)) ? true : undefined), { timeoutMs: 10_000, what: `task ${taskId} to die after SIGKILL` });
  }

  /** cleanup releases driver resources of a task (cgroups, sockets); called by destroy. */
  protected async cleanup(_task: ProcessTask): Promise<void> {
    // Nothing beyond the supervisor state by default.
  }

  async destroy(taskId: string, force: boolean): Promise<void> {
    const task = this.tasks.get(taskId);
    if (task === undefined) return;
    if (!(await this.hasExited(task))) {
      if (!force) throw taskStillRunning(this.name, taskId);
      await this.stop(taskId, 0, 'SIGKILL');
    }
    await this.wait(taskId);
    await this.cleanup(task);
    await removeSupervisedState(task.state);
    this.tasks.delete(taskId);
  }

  async inspect(taskId: string): Promise<TaskStatus> {
    const task = this.taskOf(taskId);
    const record = await readExitRecord(task.state);
    const attributes = { pid: String(task.state.task.pid), executor_pid: String(task.state.executor.pid) };
    if (record === undefined) return { id: taskId, state: 'running', startedAt: task.state.startedAt, attributes };
    const exitResult = task.exit ?? (await this.wait(taskId));
    return { id: taskId, state: 'exited', startedAt: task.state.startedAt, completedAt: record.completedAt, exitResult, attributes };
  }

  async stats(taskId: string): Promise<TaskResourceUsage> {
    const task = this.taskOf(taskId);
    const usage = await processGroupUsage(task.state.task.pid);
    const now = Date.now();
    const ticks = usage.userTicks + usage.systemTicks;
    const previous = task.lastCpu;
    task.lastCpu = { at: now, ticks };
    const elapsedSeconds = previous === undefined ? 0 : (now - previous.at) / 1000;
    const percent = elapsedSeconds > 0 ? ((ticks - (previous?.ticks ?? 0)) / clockTicksPerSecond / elapsedSeconds) * 100 : 0;
    const mhz = cpus()[0]?.speed ?? 1000;
    return {
      timestamp: now,
      cpu: {
        percent,
        totalTicks: (percent / 100) * mhz,
        userMode: (usage.userTicks / clockTicksPerSecond) * 1000,
        systemMode: (usage.systemTicks / clockTicksPerSecond) * 1000,
      },
      memory: { rss: usage.rssBytes, cache: 0, usage: usage.rssBytes, maxUsage: usage.rssBytes },
      pids: Object.fromEntries(usage.pids.map((pid) => [String(pid), {}])),
    };
  }

  async signal(taskId: string, signal: string): Promise<void> {
    const task = this.taskOf(taskId);
    const sent = await this.deliverSignal(task, signalNumber(signal));
    if (!sent) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `${this.name}: task ${taskId} is not running`, { statusCode: 409, location: 'taskId' });
  }

  async shutdown(): Promise<void> {
    // No background loops: tasks keep running under their supervisors.
  }
}
