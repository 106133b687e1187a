/**
 * exec: an isolated task. PID/mount/IPC/UTS namespaces (util-linux `unshare`), a chroot of
 * read-only host directories (`chroot_env`) on top of the task dir, cgroup limits (memory,
 * cpu, pids), and the `nobody` user by default. The process tree runs under the same detached
 * supervisor as raw_exec, so it survives agent restarts (decision 0008).
 */
import { chmod, chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriverCapabilities, DriverFingerprint, ExitResult, TaskConfig, TaskResourceUsage } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';
import { ProcessDriverBase } from '../shared/process-driver.js';
import type { LaunchPlan, ProcessTask } from '../shared/process-driver.js';
import { childrenOf, isSameProcessAlive } from '../shared/proc.js';
import type { CommandLine } from '../shared/run-streaming.js';
import { createTaskCgroup, detectCgroupMode, memoryUsage, oomKillCount, procsFiles, removeTaskCgroup } from './cgroups.js';
import type { CgroupMode, TaskCgroup } from './cgroups.js';
import { execInTaskCommandLine, isolatedCommandLine } from './launch-script.js';
import { defaultChrootEnv, execConfigSchema, execTaskConfigSchema } from './schema.js';
import { resolveUser } from './users.js';

/** ExecTaskConfig is the validated `config {}` block. */
export interface ExecTaskConfig {
  command: string;
  args?: string[];
}

interface ExecState {
  cgroup: TaskCgroup;
  uid: number;
  gid: number;
}

const requiredBinaries = ['/usr/bin/unshare', '/usr/bin/nsenter', '/usr/sbin/chroot', '/usr/bin/setpriv', '/bin/mount'];

/** unshareReportedKill looks for unshare's message about a SIGKILLed child at the end of stderr. */
async function unshareReportedKill(stderrPath: string): Promise<boolean> {
  const { open } = await import('node:fs/promises');
  const file = await open(stderrPath, 'r').catch(() => undefined);
  if (file === undefined) return false;
  try {
    const { size } = await file.stat();
    const length = Math.min(size, 256);
    const { buffer } = await file.read(Buffer.alloc(length), 0, length, size - length);
    return buffer.toString().includes('unshare: sigprocmask unblock failed');
  } finally {
    await file.close();
  }
}

/** ExecDriver implements `exec`. */
export class ExecDriver extends ProcessDriverBase {
  readonly name = 'exec';
  readonly configSchema = execConfigSchema;
  readonly taskConfigSchema = execTaskConfigSchema;
  readonly capabilities: DriverCapabilities = { sendSignals: true, exec: true, fsIsolation: 'chroot' };
  private cgroupMode: CgroupMode | undefined;

  private async mode(): Promise<CgroupMode> {
    this.cgroupMode ??= await detectCgroupMode();
    return this.cgroupMode;
  }

  async fingerprint(): Promise<DriverFingerprint> {
    if (process.platform !== 'linux') return { health: 'undetected', healthDescription: 'exec needs Linux', attributes: {} };
    if (process.getuid?.() !== 0) return { health: 'unhealthy', healthDescription: 'exec needs the agent to run as root', attributes: {} };
    const { access } = await import('node:fs/promises');
    for (const bin of requiredBinaries) {
      if (!(await access(bin).then(() => true, () => false))) return { health: 'unhealthy', healthDescription: `missing ${bin} (util-linux/coreutils)`, attributes: {} };
    }
    const mode = await this.mode();
    if (mode.kind === 'unavailable') return { health: 'unhealthy', healthDescription: mode.reason, attributes: {} };
    return { health: 'healthy', healthDescription: 'healthy', attributes: { 'driver.exec': '1', 'driver.exec.cgroup': mode.kind } };
  }

  private chrootDirs(): string[] {
    const configured = this.pluginConfig['chroot_env'];
    return Array.isArray(configured) ? configured.filter((d): d is string => typeof d === 'string') : defaultChrootEnv;
  }

  protected async buildLaunch(config: TaskConfig): Promise<LaunchPlan> {
    const mode = await this.mode();
    if (mode.kind === 'unavailable') throw new DroverError('DROVER_ERR_DRIVER_UNHEALTHY', `exec: ${mode.reason}`, { statusCode: 500 });
    const taskConfig = config.driverConfig as unknown as ExecTaskConfig;
    const user = await resolveUser(config.user ?? String(this.pluginConfig['default_user'] ?? 'nobody'));
    for (const dir of [config.localDir, config.secretsDir, join(config.taskDir, 'tmp')]) {
      await mkdir(dir, { recursive: true });
      await chown(dir, user.uid, user.gid);
    }
    await chmod(join(config.taskDir, 'tmp'), 0o1777);
    const memoryMaxMB = config.resources.memoryMaxMB ?? config.resources.memoryMB;
    const cgroup = await createTaskCgroup(mode, config.id.replace(/[^A-Za-z0-9_.-]/g, '_'), {
      memoryMaxBytes: memoryMaxMB * 1024 * 1024,
      ...(config.resources.memoryMaxMB !== undefined ? { memoryLowBytes: config.resources.memoryMB * 1024 * 1024 } : {}),
      cpuShares: config.resources.cpuMhz,
      pidsMax: Number(this.pluginConfig['pids_limit'] ?? 2048),
    });
    const [command, args] = isolatedCommandLine({
      procsFiles: procsFiles(cgroup),
      root: config.taskDir,
      uid: user.uid,
      gid: user.gid,
      chrootDirs: this.chrootDirs(),
      command: taskConfig.command,
      args: taskConfig.args ?? [],
    });
    const state: ExecState = { cgroup, uid: user.uid, gid: user.gid };
    return { command, args, env: this.taskEnv(config), cwd: config.taskDir, extra: { exec: state } };
  }

  private taskEnv(config: TaskConfig): Record<string, string> {
    return { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/local', TMPDIR: '/tmp', ...config.env };
  }

  private execState(task: ProcessTask): ExecState {
    return task.extra['exec'] as ExecState;
  }

  /** The task's init (PID 1 of its namespace) is the child of the `unshare` process. */
  private async namespaceInit(task: ProcessTask): Promise<number | undefined> {
    if (!(await isSameProcessAlive(task.state.task))) return undefined;
    const [init] = await childrenOf(task.state.task.pid);
    return init;
  }

  /** Signals go to the task's init, not to `unshare`, which would die of e.g. SIGUSR1. */
  protected override async deliverSignal(task: ProcessTask, signal: number): Promise<boolean> {
    const init = await this.namespaceInit(task);
    if (init === undefined) return false;
    try {
      process.kill(init, signal);
      return true;
    } catch {
      return false;
    }
  }

  protected override async refineExit(task: ProcessTask, result: ExitResult): Promise<ExitResult> {
    // A namespace init only dies of a signal by SIGKILL (the kernel drops other signals it has
    // no handler for). util-linux 2.38 `unshare` then fails to re-raise it and exits 1 with
    // "sigprocmask unblock failed", so that case is recognised and reported as SIGKILL.
    const cgroup = this.execState(task).cgroup;
    const oomKilled = (await oomKillCount(cgroup)) > 0;
    // The task is gone: release its cgroup now rather than only on destroy (clients that never
    // destroy an exited task would otherwise leak one empty cgroup per task).
    await removeTaskCgroup(cgroup);
    const killed = oomKilled || (result.exitCode === 1 && result.signal === 0 && (await unshareReportedKill(task.handle.config.stderrPath)));
    const relayed = killed ? { ...result, exitCode: 137, signal: 9 } : result;
    return oomKilled ? { ...relayed, oomKilled, err: relayed.err ?? 'OOM killed: memory limit exceeded' } : relayed;
  }

  protected override async cleanup(task: ProcessTask): Promise<void> {
    await removeTaskCgroup(this.execState(task).cgroup);
  }

  override async stats(taskId: string): Promise<TaskResourceUsage> {
    const usage = await super.stats(taskId);
    const memory = await memoryUsage(this.execState(this.taskOf(taskId)).cgroup);
    return { ...usage, memory: { ...usage.memory, usage: memory.usage, maxUsage: memory.maxUsage } };
  }

  protected async execCommandLine(task: ProcessTask, command: string[]): Promise<CommandLine> {
    const init = await this.namespaceInit(task);
    if (init === undefined) throw new DroverError('DROVER_ERR_TASK_NOT_RUNNING', `exec: task ${task.handle.taskId} is not running`, { statusCode: 409 });
    const state = this.execState(task);
    const [program, args] = execInTaskCommandLine(procsFiles(state.cgroup), init, state.uid, state.gid, command);
    return { command: program, args, env: this.taskEnv(task.handle.config) };
  }
}
