/**
 * TaskRunner: runs one task of an allocation through its whole life.
 *
 *   run():  [recover persisted handle?] ─► prestart hooks ─► driver.start ─► persist handle
 *             ▲                                                 │
 *             └─ Restarting (delay) ◄─ restart policy ◄─ wait ◄─┘ ─► dead (Terminated, Not Restarting)
 *   kill(): Killing ─► driver.stop(kill_timeout capped by max_kill_timeout, kill_signal) ─► Killed
 *   shutdown(): stop watching without touching the task (agent restart; recover later)
 *
 * Lifecycle: `state` is 'initialized' -> 'running' -> 'stopped' (run loop finished for good) or
 * 'detached' (agent shutdown while the task may still run).
 * The handle is persisted (fsync) before the task is reported Started, so after kill -9 the
 * agent recovers it instead of starting a second copy.
 */
import type { TaskEvent, TaskState } from '../../api/structs/index.js';
import { isDroverError } from '../../api/errors.js';
import type { ExitResult } from '../../plugins/driver.js';
import { isRecoverableStartError } from '../../plugins/driver-errors.js';
import type { ClientLogger } from '../config.js';
import type { TaskLocalState } from '../state/records.js';
import type { ClientAlloc } from '../types.js';
import type { TaskHook, TaskHookContext, TaskSubject } from './hooks/hook.js';
import { taskHooks } from './hooks/index.js';
import { runPrestartHooks, runStopHooks } from './task-runner-hooks.js';
import { defaultRestartPolicy, restartOnSuccess, RestartTracker } from './restart-policy.js';
import type { RestartDecision } from './restart-policy.js';
import { appendEvent, taskEvent } from './task-events.js';
import type { TaskEventType } from './task-events.js';
import { buildTaskConfig } from './task-config.js';

/** TaskRunnerDeps is what a task runner is built from. */
export interface TaskRunnerDeps extends TaskSubject {
  /** Restored or fresh local state; mutated in place and persisted through `persist`. */
  local: TaskLocalState;
  maxKillTimeoutMs: number;
  /** Durably saves the alloc record (resolves after fsync). */
  persist(): Promise<void>;
  /** Called after every TaskState change. */
  onStateChange(): void;
  logger: ClientLogger;
  hooks?: readonly TaskHook[];
  now?: () => number;
  random?: () => number;
}

/** TaskRunnerState is the runner's own lifecycle (not the task's). */
export type TaskRunnerState = 'initialized' | 'running' | 'stopped' | 'detached';

const NS_PER_MS = 1_000_000;

/** TaskRunner owns one task. */
export class TaskRunner {
  readonly name: string;
  runnerState: TaskRunnerState = 'initialized';
  private alloc: ClientAlloc;
  private readonly deps: TaskRunnerDeps;
  private readonly now: () => number;
  private readonly hooks: readonly TaskHook[];
  private readonly tracker: RestartTracker;
  private killReason: string | undefined;
  private restartRequested = false;
  private shuttingDown = false;
  private readonly killAbort = new AbortController();
  private readonly shutdownAbort = new AbortController();
  private loop: Promise<void> | undefined;
  private killing: Promise<void> | undefined;
  private lastCtx: TaskHookContext | undefined;

  constructor(deps: TaskRunnerDeps) {
    this.deps = deps;
    this.alloc = deps.alloc;
    this.name = deps.task.Name;
    this.now = deps.now ?? Date.now;
    this.hooks = deps.hooks ?? taskHooks;
    const group = deps.alloc.Job.TaskGroups.find((g) => g.Name === deps.alloc.TaskGroup);
    const policy = deps.task.RestartPolicy ?? group?.RestartPolicy ?? defaultRestartPolicy(deps.alloc.Job.Type);
    this.tracker = new RestartTracker(policy, restartOnSuccess(deps.alloc.Job.Type, deps.task.Lifecycle), deps.local.restart, this.now, deps.random);
  }

  /** taskState is the task's current state (live object; copy before sending). */
  get taskState(): TaskState {
    return this.deps.local.taskState;
  }

  /** isDead: the task will not run again. */
  get isDead(): boolean {
    return this.deps.local.taskState.State === 'dead';
  }

  /** updateAlloc takes a newer version of the allocation (used at the next (re)start). */
  updateAlloc(alloc: ClientAlloc): void {
    this.alloc = alloc;
  }

  /** run starts (or recovers) the task; resolves when the runner finishes or detaches. Idempotent. */
  run(): Promise<void> {
    this.loop ??= this.runLoop().catch((e: unknown) => {
      this.deps.logger.error('task runner crashed', { task: this.name, alloc: this.alloc.ID, error: String(e) });
    });
    return this.loop;
  }

  /** markNotRun: the task will never start (e.g. its lifecycle phase was skipped). */
  async markNotRun(): Promise<void> {
    if (this.loop !== undefined || this.isDead) return;
    this.deps.local.runComplete = true;
    this.setState('dead');
    this.deps.local.taskState.FinishedAt = new Date(this.now()).toISOString();
    await this.deps.persist();
  }

  private emit(type: TaskEventType, display: string, extra: Partial<TaskEvent> = {}): void {
    appendEvent(this.deps.local.taskState, taskEvent(type, display, this.now(), extra));
    this.deps.onStateChange();
  }

  private setState(state: TaskState['State'], failed?: boolean): void {
    const ts = this.deps.local.taskState;
    ts.State = state;
    if (failed !== undefined) ts.Failed = failed;
    this.deps.onStateChange();
  }

  private newContext(): TaskHookContext {
    const signal = AbortSignal.any([this.killAbort.signal, this.shutdownAbort.signal]);
    return {
      alloc: this.alloc, task: this.deps.task, node: this.deps.node, region: this.deps.region, allocDir: this.deps.allocDir,
      driver: this.deps.driver, env: {}, driverConfig: {}, signal,
      emit: (e) => { appendEvent(this.deps.local.taskState, { ...e, Time: this.now() * NS_PER_MS }); this.deps.onStateChange(); },
    };
  }

  private async runStopHooks(reason: 'task-dead' | 'agent-shutdown'): Promise<void> {
    await runStopHooks(this.hooks, this.lastCtx ?? this.newContext(), reason, (hook, e) => {
      this.deps.logger.warn('stop hook failed', { hook, task: this.name, error: String(e) });
    });
  }

  /** recoverHandle reattaches to a task started before an agent restart; false when it cannot. */
  private async recoverHandle(): Promise<boolean> {
    const handle = this.deps.local.handle;
    const driver = this.deps.driver;
    if (handle === undefined) return false;
    try {
      if (driver === undefined) throw new Error(`driver ${this.deps.task.Driver} not available`);
      await driver.recover(handle);
      return true;
    } catch (e) {
      this.deps.logger.warn('task handle not recovered; restarting task', { task: this.name, alloc: this.alloc.ID, error: String(e) });
      await driver?.destroy(handle.taskId, true).catch(() => undefined);
      this.deps.local.handle = undefined;
      this.emit('Restarting', 'Task could not be recovered after an agent restart; restarting', { RestartReason: `failed to recover task: ${(e as Error).message}` });
      this.setState('pending');
      await this.deps.persist();
      return false;
    }
  }

  private async runLoop(): Promise<void> {
    this.runnerState = 'running';
    const local = this.deps.local;
    if (local.runComplete) {
      this.runnerState = 'stopped';
      return;
    }
    let recovered = await this.recoverHandle();
    while (true) {
      let decision: RestartDecision;
      const ctx = this.newContext();
      this.lastCtx = ctx;
      if (this.killReason !== undefined) {
        decision = { kind: 'done', reason: this.killReason };
      } else {
        decision = await this.startAndWait(ctx, recovered);
        recovered = false;
      }
      if (this.shuttingDown) {
        this.runnerState = 'detached';
        return;
      }
      this.deps.local.restart = this.tracker.state;
      if (decision.kind === 'restart') {
        const ts = local.taskState;
        ts.Restarts += 1;
        ts.LastRestart = new Date(this.now()).toISOString();
        this.emit('Restarting', `Task restarting in ${Math.round(decision.delayMs)}ms`, { RestartReason: decision.reason, Details: { restart_delay: String(decision.delayMs * NS_PER_MS) } });
        this.setState('pending');
        await this.deps.persist();
        await sleep(decision.delayMs, AbortSignal.any([this.killAbort.signal, this.shutdownAbort.signal]));
        if (this.shuttingDown) {
          this.runnerState = 'detached';
          return;
        }
        continue;
      }
      if (decision.kind === 'fail') {
        this.emit('Not Restarting', decision.reason, { FailsTask: true, RestartReason: decision.reason });
        this.setState('dead', true);
      } else {
        this.setState('dead');
      }
      local.runComplete = true;
      local.taskState.FinishedAt = new Date(this.now()).toISOString();
      await this.deps.persist();
      await this.runStopHooks('task-dead');
      this.runnerState = 'stopped';
      return;
    }
  }

  /** startAndWait runs the prestart hooks, starts (unless recovered) and waits for one exit. */
  private async startAndWait(ctx: TaskHookContext, recovered: boolean): Promise<RestartDecision> {
    const local = this.deps.local;
    const driver = this.deps.driver;
    try {
      await runPrestartHooks(this.hooks, ctx, this.deps.local.hookState);
    } catch (e) {
      const recoverable = !(isDroverError(e) && e.statusCode >= 400 && e.statusCode < 500);
      this.emit('Setup Failure', `failed to setup task: ${(e as Error).message}`, { Message: (e as Error).message, FailsTask: !recoverable });
      return this.tracker.decide({ kind: 'start-error', message: (e as Error).message, recoverable });
    }
    if (ctx.signal.aborted || driver === undefined) return { kind: 'done', reason: this.killReason ?? 'aborted' };
    if (!recovered || local.handle === undefined) {
      try {
        local.handle = await driver.start(buildTaskConfig(this.alloc, this.deps.task, this.deps.node, this.deps.allocDir, ctx));
      } catch (e) {
        const recoverable = isRecoverableStartError(e);
        this.emit('Driver Failure', (e as Error).message, { DriverError: (e as Error).message, FailsTask: !recoverable });
        return this.tracker.decide({ kind: 'start-error', message: (e as Error).message, recoverable });
      }
      local.taskState.StartedAt = new Date(this.now()).toISOString();
      local.taskState.FinishedAt = null;
      await this.deps.persist(); // the handle is durable before anyone hears "Started"
      this.emit('Started', 'Task started by client');
      this.setState('running');
      await this.deps.persist();
    } else if (local.taskState.State !== 'running') {
      this.setState('running');
    }
    const handle = local.handle;
    let exit: ExitResult;
    try {
      exit = await driver.wait(handle.taskId, this.shutdownAbort.signal);
    } catch (e) {
      if (this.shuttingDown) return { kind: 'done', reason: 'agent shutdown' };
      exit = { exitCode: -1, signal: 0, oomKilled: false, err: (e as Error).message };
    }
    if (this.shuttingDown) return { kind: 'done', reason: 'agent shutdown' };
    this.emit('Terminated', `Exit Code: ${exit.exitCode}${exit.signal !== 0 ? `, Signal: ${exit.signal}` : ''}${exit.oomKilled ? ', OOM Killed' : ''}`,
      { ExitCode: exit.exitCode, Signal: exit.signal, Message: exit.err ?? '', Details: { exit_code: String(exit.exitCode), signal: String(exit.signal), oom_killed: String(exit.oomKilled) } });
    await driver.destroy(handle.taskId, false).catch(() => undefined);
    local.handle = undefined;
    if (this.killReason !== undefined) return { kind: 'done', reason: this.killReason };
    if (this.restartRequested) {
      this.restartRequested = false;
      return { kind: 'restart', delayMs: 0, reason: 'User requested restart' };
    }
    return this.tracker.decide({ kind: 'exited', exitCode: exit.exitCode, signal: exit.signal });
  }

  /** kill stops the task for good; `cause` (e.g. Sibling Task Failed) is recorded first. Resolves when dead. */
  kill(reason: string, cause?: { type: TaskEventType; message: string }): Promise<void> {
    this.killing ??= this.killOnce(reason, cause);
    return this.killing;
  }

  private async killOnce(reason: string, cause?: { type: TaskEventType; message: string }): Promise<void> {
    if (this.isDead || this.deps.local.runComplete) return;
    this.killReason = reason;
    if (cause !== undefined) this.emit(cause.type, cause.message);
    if (this.loop === undefined) {
      await this.markNotRun();
      return;
    }
    const killTimeoutMs = Math.min((this.deps.task.KillTimeout ?? 5_000_000_000) / NS_PER_MS, this.deps.maxKillTimeoutMs);
    this.emit('Killing', `Sent interrupt. Waiting ${killTimeoutMs}ms before force killing`, { KillReason: reason, Details: { kill_timeout: String(killTimeoutMs * NS_PER_MS) } });
    this.killAbort.abort();
    const handle = this.deps.local.handle;
    if (handle !== undefined && this.deps.driver !== undefined) {
      await this.deps.driver.stop(handle.taskId, killTimeoutMs, this.deps.task.KillSignal).catch((e: unknown) => {
        this.deps.logger.warn('driver stop failed', { task: this.name, error: String(e) });
      });
    }
    await this.loop;
    if (this.shuttingDown) return;
    this.emit('Killed', 'Task successfully killed');
    await this.deps.persist();
  }

  /** restart restarts a running task now (API `alloc restart`); counted in Restarts, not in the policy window. */
  async restart(): Promise<void> {
    const handle = this.deps.local.handle;
    if (handle === undefined || this.deps.driver === undefined || this.isDead) return;
    this.restartRequested = true;
    this.emit('Restart Signaled', 'User requested running tasks to restart');
    const killTimeoutMs = Math.min((this.deps.task.KillTimeout ?? 5_000_000_000) / NS_PER_MS, this.deps.maxKillTimeoutMs);
    await this.deps.driver.stop(handle.taskId, killTimeoutMs, this.deps.task.KillSignal);
  }

  /** currentTaskId is the driver task ID of the running task, if any. */
  get currentTaskId(): string | undefined {
    return this.deps.local.handle?.taskId;
  }

  /** shutdown detaches from the task without stopping it (agent restart); stops log rotators. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.shutdownAbort.abort();
    if (!this.isDead) await this.runStopHooks('agent-shutdown');
    if (this.runnerState === 'running') this.runnerState = 'detached';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
