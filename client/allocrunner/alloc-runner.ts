/**
 * AllocRunner: runs one allocation's tasks in lifecycle order and reports its status.
 *
 *   run(): prestart ─► main ─► poststart ─► (main all dead | stop) ─► kill sidecars ─► poststop ─► terminal
 *   A failed task kills its siblings ("Sibling Task Failed"); a dead leader kills the others
 *   ("Leader Task Dead"); DesiredStatus stop/evict kills everything but poststop tasks.
 *   shutdown(): detach from every task (agent restart) - nothing is killed.
 *
 * Every task state change is persisted (with the task handles) and forwarded to `onUpdate`,
 * which the agent batches to the servers.
 */
import type { Task } from '../../api/structs/index.js';
import type { DriverPlugin } from '../../plugins/driver.js';
import { AllocDir } from '../allocdir/alloc-dir.js';
import type { ClientLogger } from '../config.js';
import type { AllocRecord, TaskLocalState } from '../state/records.js';
import type { ClientStateStore } from '../state/store.js';
import type { HookNodeView } from '../taskrunner/hooks/hook.js';
import { newTaskState } from '../taskrunner/task-events.js';
import { TaskRunner } from '../taskrunner/task-runner.js';
import type { AllocUpdate, ClientAlloc } from '../types.js';
import { allocClientStatus } from './client-status.js';
import { isSidecar, phaseOf } from './lifecycle.js';

/** AllocRunnerDeps is what the agent gives each alloc runner. */
export interface AllocRunnerDeps {
  record: AllocRecord;
  node: HookNodeView;
  region: string;
  allocsRoot: string;
  drivers: ReadonlyMap<string, DriverPlugin>;
  store: ClientStateStore;
  maxKillTimeoutMs: number;
  logger: ClientLogger;
  onUpdate(update: AllocUpdate): void;
  now?: () => number;
  random?: () => number;
}

/** AllocRunner owns one allocation on this client. */
export class AllocRunner {
  readonly id: string;
  readonly allocDir: AllocDir;
  readonly record: AllocRecord;
  private readonly deps: AllocRunnerDeps;
  private readonly runners = new Map<string, TaskRunner>();
  private readonly tasks = new Map<string, Task>();
  private waiters: Array<() => void> = [];
  private stopping = false;
  private detached = false;
  private handledDeaths = new Set<string>();
  private done: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(deps: AllocRunnerDeps) {
    this.deps = deps;
    this.record = deps.record;
    this.id = deps.record.alloc.ID;
    this.now = deps.now ?? Date.now;
    this.allocDir = new AllocDir(deps.allocsRoot, this.id);
    const group = this.alloc.Job.TaskGroups.find((g) => g.Name === this.alloc.TaskGroup);
    for (const task of group?.Tasks ?? []) {
      const local: TaskLocalState = this.record.tasks[task.Name] ??= {
        taskState: newTaskState(this.now()), hookState: {}, restart: { windowStartMs: this.now(), countInWindow: 0 }, runComplete: false,
      };
      this.tasks.set(task.Name, task);
      this.runners.set(task.Name, new TaskRunner({
        alloc: this.alloc, task, node: deps.node, region: deps.region, allocDir: this.allocDir,
        driver: deps.drivers.get(task.Driver), local, maxKillTimeoutMs: deps.maxKillTimeoutMs,
        persist: () => this.persist(), onStateChange: () => this.onTaskChange(task.Name), logger: deps.logger,
        now: deps.now, random: deps.random,
      }));
    }
  }

  /** alloc is the latest version of the allocation. */
  get alloc(): ClientAlloc {
    return this.record.alloc;
  }

  /** taskRunner returns the runner of `task`. */
  taskRunner(task: string): TaskRunner | undefined {
    return this.runners.get(task);
  }

  /** taskNames lists the tasks in job order. */
  taskNames(): string[] {
    return [...this.runners.keys()];
  }

  /** isFinished: every task is dead (the alloc is client-terminal). */
  get isFinished(): boolean {
    return [...this.runners.values()].every((r) => r.isDead);
  }

  /** clientUpdate is the alloc's current status for the servers. */
  clientUpdate(): AllocUpdate {
    const states = [...this.runners.values()].map((r) => r.taskState);
    const { status, description } = allocClientStatus(states);
    const TaskStates: AllocUpdate['TaskStates'] = {};
    for (const [name, r] of this.runners) TaskStates[name] = structuredClone(r.taskState);
    return { ID: this.id, ClientStatus: status, ClientDescription: description, TaskStates };
  }

  /** persist saves the record durably; a failing disk is logged, never an unhandled rejection. */
  private async persist(): Promise<void> {
    try {
      await this.deps.store.putAlloc(this.record);
    } catch (e) {
      this.deps.logger.error('failed to persist alloc state', { alloc: this.id, error: String(e) });
    }
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private async waitFor(pred: () => boolean): Promise<void> {
    while (!pred() && !this.detached) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private onTaskChange(taskName: string): void {
    const runner = this.runners.get(taskName);
    const task = this.tasks.get(taskName);
    if (runner !== undefined && task !== undefined && runner.isDead && !this.handledDeaths.has(taskName) && !this.detached) {
      this.handledDeaths.add(taskName);
      if (runner.taskState.Failed && phaseOf(task) !== 'poststop') {
        void this.killOthers(taskName, { type: 'Sibling Task Failed', message: `Task's sibling "${taskName}" failed` }).catch((e: unknown) => this.deps.logger.error('kill siblings failed', { alloc: this.id, error: String(e) }));
      } else if (task.Leader) {
        void this.killOthers(taskName, { type: 'Leader Task Dead', message: 'Leader Task in Group dead' }).catch((e: unknown) => this.deps.logger.error('kill after leader death failed', { alloc: this.id, error: String(e) }));
      }
    }
    if (!this.detached) this.deps.onUpdate(this.clientUpdate());
    this.wake();
  }

  private async killOthers(except: string, cause: { type: 'Sibling Task Failed' | 'Leader Task Dead'; message: string }): Promise<void> {
    const kills: Array<Promise<void>> = [];
    for (const [name, r] of this.runners) {
      const task = this.tasks.get(name);
      if (name === except || task === undefined || phaseOf(task) === 'poststop' || r.isDead) continue;
      kills.push(r.kill(cause.type === 'Leader Task Dead' ? 'leader task dead' : 'sibling task failed', cause));
    }
    await Promise.all(kills);
  }

  private inPhase(phase: ReturnType<typeof phaseOf>): TaskRunner[] {
    return [...this.runners.values()].filter((r) => {
      const t = this.tasks.get(r.name);
      return t !== undefined && phaseOf(t) === phase;
    });
  }

  /** run drives the lifecycle to the end (or until the agent detaches). Idempotent. */
  run(): Promise<void> {
    this.done ??= this.runLifecycle().catch((e: unknown) => {
      this.deps.logger.error('alloc runner crashed', { alloc: this.id, error: String(e) });
    });
    return this.done;
  }

  private async runLifecycle(): Promise<void> {
    await this.persist();
    this.deps.onUpdate(this.clientUpdate());
    if (this.alloc.DesiredStatus !== 'run') this.stopping = true;
    const prestart = this.inPhase('prestart');
    const main = this.inPhase('main');
    const poststart = this.inPhase('poststart');
    const poststop = this.inPhase('poststop');
    const anyFailed = (): boolean => [...this.runners.values()].some((r) => r.isDead && r.taskState.Failed);
    const isRunningOrDead = (r: TaskRunner): boolean => r.isDead || r.taskState.State === 'running';

    if (!this.stopping) {
      for (const r of prestart) void r.run();
      await this.waitFor(() => this.stopping || anyFailed() || prestart.every((r) => {
        const t = this.tasks.get(r.name);
        return t !== undefined && isSidecar(t) ? isRunningOrDead(r) : r.isDead;
      }));
    }
    if (!this.stopping && !anyFailed()) {
      for (const r of main) void r.run();
      await this.waitFor(() => this.stopping || main.every(isRunningOrDead));
      if (!this.stopping && !anyFailed()) for (const r of poststart) void r.run();
      await this.waitFor(() => this.stopping || main.every((r) => r.isDead));
    }
    if (this.detached) return;
    // main tasks are done (or the alloc is stopping / failed): stop everything but poststop
    await Promise.all([...prestart, ...main, ...poststart].map((r) => r.kill(this.stopping ? 'alloc stopped' : 'main tasks finished')));
    if (this.detached) return;
    for (const r of poststop) void r.run();
    await this.waitFor(() => poststop.every((r) => r.isDead));
    if (this.detached) return;
    for (const r of this.runners.values()) await r.markNotRun();
    this.record.terminalAtMs ??= this.now();
    await this.persist();
    this.deps.onUpdate(this.clientUpdate());
  }

  /** update applies a newer version of the alloc from the server (stop/evict kills the tasks). */
  update(alloc: ClientAlloc): void {
    this.record.alloc = alloc;
    for (const r of this.runners.values()) r.updateAlloc(alloc);
    void this.persist();
    if (alloc.DesiredStatus !== 'run' && !this.stopping) {
      this.stopping = true;
      this.wake();
      for (const [name, r] of this.runners) {
        const task = this.tasks.get(name);
        if (task !== undefined && phaseOf(task) !== 'poststop') void r.kill('alloc stopped').catch((e: unknown) => this.deps.logger.error('kill failed', { alloc: this.id, task: name, error: String(e) }));
      }
    }
  }

  /** stop kills the allocation's tasks and waits for the lifecycle to end. */
  async stop(): Promise<void> {
    this.update({ ...this.alloc, DesiredStatus: 'stop' });
    await this.run();
  }

  /** shutdown detaches from every task without stopping them (agent restart). */
  async shutdown(): Promise<void> {
    this.detached = true;
    this.wake();
    await Promise.all([...this.runners.values()].map((r) => r.shutdown()));
  }

  /** destroy kills what still runs, removes the alloc dir and forgets the state record. */
  async destroy(): Promise<void> {
    if (!this.isFinished) await this.stop();
    await this.allocDir.destroy();
    await this.deps.store.deleteAlloc(this.id);
  }
}
