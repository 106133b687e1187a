/**
 * docker: tasks are containers of the local Docker Engine (dockerode). The handle keeps the
 * container ID; containers also carry com.drover.* labels for recovery and GC. Logs are
 * followed into the task's stdout/stderr files; after an agent restart they are resumed.
 */
import Dockerode from 'dockerode';
import type { Container } from 'dockerode';
import type {
  DriverCapabilities, DriverFingerprint, DriverPlugin, ExecResult, ExecStreamingOptions, ExitResult, TaskConfig, TaskHandle,
  TaskResourceUsage, TaskStatus,
} from '../../plugins/driver.js';
import { validateAgainst, validateTaskConfig } from '../../plugins/validate.js';
import { TASK_START_FAILED } from '../../plugins/driver-errors.js';
import { DroverError } from '../../api/errors.js';
import { parseDuration } from '../shared/duration.js';
import { taskConfigInvalid, taskNotFound, taskStillRunning } from '../shared/task-errors.js';
import { waitFor } from '../shared/wait-for.js';
import { LABEL_NODE_ID, LABEL_TASK_ID, buildContainerOptions, defaultPolicy } from './container-options.js';
import type { DockerPolicy, DockerTaskConfig } from './container-options.js';
import { ensureImage } from './image.js';
import { followLogs, resumePointNs } from './log-follower.js';
import type { LogFollower } from './log-follower.js';
import { dockerConfigSchema, dockerDefaultCaps, dockerTaskConfigSchema } from './schema.js';
import { usageFromDockerStats } from './stats.js';
import { execInContainer, execStreamingInContainer } from './exec.js';

interface DockerTask {
  handle: TaskHandle;
  container: Container;
  containerId: string;
  logs?: LogFollower;
  exit?: ExitResult;
  exitPromise?: Promise<ExitResult>;
}

function dockerFromEndpoint(endpoint: string | undefined): Dockerode {
  if (endpoint === undefined || endpoint.startsWith('unix://')) return new Dockerode({ socketPath: endpoint?.slice('unix://'.length) ?? '/var/run/docker.sock' });
  const url = new URL(endpoint);
  return new Dockerode({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' });
}

/** DockerDriver implements `docker`. */
export class DockerDriver implements DriverPlugin {
  readonly name = 'docker';
  readonly configSchema = dockerConfigSchema;
  readonly taskConfigSchema = dockerTaskConfigSchema;
  readonly capabilities: DriverCapabilities = { sendSignals: true, exec: true, fsIsolation: 'image' };
  private docker: Dockerode;
  private policy: DockerPolicy;
  private pullTimeoutMs = 5 * 60_000;
  private nodeId: string | undefined;
  private readonly tasks = new Map<string, DockerTask>();

  constructor(opts: { allowPrivileged?: boolean; endpoint?: string } = {}) {
    this.docker = dockerFromEndpoint(opts.endpoint);
    this.policy = { ...defaultPolicy(), allowPrivileged: opts.allowPrivileged === true };
  }

  async setConfig(config: Record<string, unknown>): Promise<void> {
    const errors = validateAgainst(this.configSchema, config, 'plugin.config');
    if (errors.length > 0) throw new DroverError('DROVER_ERR_PLUGIN_CONFIG_INVALID', `docker: ${errors.join('; ')}`, { statusCode: 400, location: errors[0]?.split(':')[0] });
    if (typeof config['endpoint'] === 'string') this.docker = dockerFromEndpoint(config['endpoint']);
    const volumes = config['volumes'] as { enabled?: boolean } | undefined;
    this.nodeId = typeof config['node_id'] === 'string' ? config['node_id'] : undefined;
    this.policy = {
      allowPrivileged: config['allow_privileged'] === true || this.policy.allowPrivileged,
      allowCaps: (config['allow_caps'] as string[] | undefined) ?? dockerDefaultCaps,
      volumesEnabled: volumes?.enabled === true,
      extraLabels: { ...(config['extra_labels'] as Record<string, string> | undefined), ...(this.nodeId === undefined ? {} : { [LABEL_NODE_ID]: this.nodeId }) },
    };
    if (typeof config['image_pull_timeout'] === 'string') this.pullTimeoutMs = parseDuration(config['image_pull_timeout'], 'plugin.config.image_pull_timeout');
  }

  async fingerprint(): Promise<DriverFingerprint> {
    try {
      const version = await this.docker.version();
      return {
        health: 'healthy',
        healthDescription: 'healthy',
        attributes: { 'driver.docker': '1', 'driver.docker.version': version.Version, 'driver.docker.os_type': version.Os, 'driver.docker.privileged.enabled': String(this.policy.allowPrivileged), 'driver.docker.volumes.enabled': String(this.policy.volumesEnabled) },
      };
    } catch (e) {
      return { health: 'undetected', healthDescription: `Docker Engine not reachable: ${(e as Error).message}`, attributes: {} };
    }
  }

  async start(config: TaskConfig): Promise<TaskHandle> {
    const errors = validateTaskConfig(this, config.driverConfig);
    if (errors.length > 0) throw taskConfigInvalid(this.name, errors);
    const tc = config.driverConfig as unknown as DockerTaskConfig;
    const options = await buildContainerOptions(config, tc, this.policy);
    const pullTimeout = tc.image_pull_timeout === undefined ? this.pullTimeoutMs : parseDuration(tc.image_pull_timeout, 'config.image_pull_timeout');
    await ensureImage(this.docker, tc.image, tc.force_pull === true, pullTimeout);
    let container: Container;
    try {
      container = await this.docker.createContainer(options);
    } catch (e) {
      throw new DroverError(TASK_START_FAILED, `docker: cannot create container: ${(e as Error).message}`, { location: 'config', cause: e });
    }
    const task: DockerTask = { handle: undefined as unknown as TaskHandle, container, containerId: container.id };
    try {
      // Docker keeps the container's output, so following from 0 after start loses nothing.
      await container.start();
      task.logs = await followLogs(this.docker, container, config.stdoutPath, config.stderrPath);
    } catch (e) {
      task.logs?.close();
      await container.remove({ force: true }).catch(() => undefined);
      throw new DroverError(TASK_START_FAILED, `docker: cannot start container: ${(e as Error).message}`, { location: 'config', cause: e });
    }
    const startedAt = Date.parse((await container.inspect()).State.StartedAt) || Date.now();
    task.handle = { version: 1, driver: this.name, taskId: config.id, config, startedAt, state: { containerId: container.id, image: tc.image } };
    this.tasks.set(config.id, task);
    return task.handle;
  }

  async recover(handle: TaskHandle): Promise<void> {
    if (this.tasks.has(handle.taskId)) return;
    const containerId = handle.state['containerId'];
    if (handle.driver !== this.name || typeof containerId !== 'string') throw taskNotFound(this.name, handle.taskId, 'not a docker handle');
    let container = this.docker.getContainer(containerId);
    let info = await container.inspect().catch(() => undefined);
    if (info === undefined) {
      // Fall back to the task-id label (e.g. the handle was written before the ID was known).
      const [labelled] = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_TASK_ID}=${handle.taskId}`] } });
      if (labelled !== undefined) {
        container = this.docker.getContainer(labelled.Id);
        info = await container.inspect().catch(() => undefined);
      }
    }
    if (info === undefined) throw taskNotFound(this.name, handle.taskId, `container ${containerId.slice(0, 12)} no longer exists`);
    const task: DockerTask = { handle, container, containerId: info.Id };
    if (info.State.Running) {
      const resumeAfter = (await resumePointNs(handle.config.stdoutPath)) ?? 0n;
      task.logs = await followLogs(this.docker, container, handle.config.stdoutPath, handle.config.stderrPath, resumeAfter);
    }
    this.tasks.set(handle.taskId, task);
  }

  private taskOf(taskId: string): DockerTask {
    const task = this.tasks.get(taskId);
    if (task === undefined) throw taskNotFound(this.name, taskId);
    return task;
  }

  private async exitOf(task: DockerTask): Promise<ExitResult> {
    await task.container.wait().catch(() => undefined);
    const info = await task.container.inspect().catch(() => undefined);
    await task.logs?.done;
    if (info === undefined) return { exitCode: -1, signal: 0, oomKilled: false, err: 'container disappeared' };
    const exitCode = info.State.ExitCode;
    const err = info.State.Error === '' ? undefined : info.State.Error;
    return { exitCode, signal: exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0, oomKilled: info.State.OOMKilled, ...(err === undefined ? {} : { err }) };
  }

  wait(taskId: string, signal?: AbortSignal): Promise<ExitResult> {
    const task = this.taskOf(taskId);
    if (task.exit !== undefined) return Promise.resolve(task.exit);
    task.exitPromise ??= this.exitOf(task).then((r) => (task.exit = r));
    if (signal === undefined) return task.exitPromise;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new DroverError('DROVER_ERR_ABORTED', `stopped waiting for task ${taskId}`));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      task.exitPromise?.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async isRunning(task: DockerTask): Promise<boolean> {
    const info = await task.container.inspect().catch(() => undefined);
    return info?.State.Running === true;
  }

  async stop(taskId: string, timeoutMs: number, signal?: string): Promise<void> {
    const task = this.taskOf(taskId);
    if (!(await this.isRunning(task))) return;
    await task.container.kill({ signal: signal ?? 'SIGTERM' }).catch(() => undefined);
    const stopped = await waitFor(async () => ((await this.isRunning(task)) ? undefined : true), { timeoutMs, what: 'container stop', pollMs: 50 }).catch(() => false);
    if (!stopped) await task.container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    await this.wait(taskId);
  }

  async destroy(taskId: string, force: boolean): Promise<void> {
    const task = this.tasks.get(taskId);
    if (task === undefined) return;
    if ((await this.isRunning(task)) && !force) throw taskStillRunning(this.name, taskId);
    await task.container.remove({ force: true, v: true }).catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
    task.logs?.close();
    this.tasks.delete(taskId);
  }

  async inspect(taskId: string): Promise<TaskStatus> {
    const task = this.taskOf(taskId);
    const info = await task.container.inspect().catch(() => undefined);
    const attributes = { container_id: task.containerId, image: String(task.handle.state['image'] ?? '') };
    const startedAt = task.handle.startedAt;
    if (info?.State.Running === true) return { id: taskId, state: 'running', startedAt, attributes };
    const exitResult = await this.wait(taskId);
    const completedAt = info === undefined ? Date.now() : Date.parse(info.State.FinishedAt) || Date.now();
    return { id: taskId, state: 'exited', startedAt, completedAt, exitResult, attributes };
  }

  async stats(taskId: string): Promise<TaskResourceUsage> {
    const task = this.taskOf(taskId);
    return usageFromDockerStats(await task.container.stats({ stream: false }));
  }

  async signal(taskId: string, signal: string): Promise<void> {
    const task = this.taskOf(taskId);
    const { signalNumber } = await import('../shared/signals.js');
    signalNumber(signal);
    if (!(await this.isRunning(task))) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `docker: task ${taskId} is not running`, { statusCode: 409 });
    await task.container.kill({ signal });
  }

  async exec(taskId: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    const task = this.taskOf(taskId);
    return execInContainer(this.docker, task.container, command, timeoutMs);
  }

  async execStreaming(taskId: string, opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
    const task = this.taskOf(taskId);
    return execStreamingInContainer(this.docker, task.container, opts);
  }

  /**
   * gcDanglingContainers removes this node's containers (label com.drover.node_id = plugin
   * `node_id`) that no task of this driver instance tracks and that are older than
   * `creationGraceMs` (Nomad: gc.dangling_containers, 5m). Call it after the client has
   * recovered its tasks. Without `node_id` it does nothing: on a shared engine another client's
   * containers would look dangling. Returns the removed container IDs.
   */
  async gcDanglingContainers(creationGraceMs = 5 * 60_000): Promise<string[]> {
    if (this.nodeId === undefined) return [];
    const tracked = new Set([...this.tasks.values()].map((t) => t.containerId));
    const candidates = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE_ID}=${this.nodeId}`, LABEL_TASK_ID] } });
    const removed: string[] = [];
    const cutoffSeconds = (Date.now() - creationGraceMs) / 1000;
    for (const c of candidates) {
      if (tracked.has(c.Id) || c.Created > cutoffSeconds) continue;
      await this.docker.getContainer(c.Id).remove({ force: true, v: true }).then(() => removed.push(c.Id), () => undefined);
    }
    return removed;
  }

  async shutdown(): Promise<void> {
    for (const task of this.tasks.values()) task.logs?.close();
  }
}
