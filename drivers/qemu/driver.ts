/**
 * qemu: a virtual machine per task (`qemu-system-x86_64`), under the same detached supervisor
 * as raw_exec so it survives agent restarts (recover by pid + start time). The VM's serial
 * console is the task's stdout. Stop: an ACPI powerdown over QMP when `graceful_shutdown`,
 * otherwise the stop signal; after the kill timeout, SIGKILL.
 */
import { access, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DriverCapabilities, DriverFingerprint, ExecResult, ExecStreamingOptions, TaskConfig } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';
import { ProcessDriverBase } from '../shared/process-driver.js';
import type { LaunchPlan, ProcessTask } from '../shared/process-driver.js';
import { signalNumber } from '../shared/signals.js';
import { signalTaskGroup } from '../shared/supervised-task.js';
import { notSupported } from '../shared/task-errors.js';
import type { CommandLine } from '../shared/run-streaming.js';
import { qmpCommand } from './qmp.js';
import { qemuConfigSchema, qemuTaskConfigSchema } from './schema.js';

/** QemuTaskConfig is the validated `config {}` block. */
export interface QemuTaskConfig {
  image_path: string;
  accelerator?: 'tcg' | 'kvm';
  machine_type?: string;
  drive_interface?: string;
  graceful_shutdown?: boolean;
  args?: string[];
  port_map?: Record<string, number>;
}

const emulator = 'qemu-system-x86_64';
const minimumMemoryMB = 128;

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** qmpSocketPath keeps the socket path under the 108-byte unix socket limit. */
export function qmpSocketPath(taskDir: string, taskId: string): string {
  const inTaskDir = join(taskDir, 'qmp.sock');
  if (inTaskDir.length < 100) return inTaskDir;
  return join(tmpdir(), `drover-qmp-${createHash('sha256').update(taskId).digest('hex').slice(0, 16)}.sock`);
}

/** QemuDriver implements `qemu`. */
export class QemuDriver extends ProcessDriverBase {
  readonly name = 'qemu';
  readonly configSchema = qemuConfigSchema;
  readonly taskConfigSchema = qemuTaskConfigSchema;
  readonly capabilities: DriverCapabilities = { sendSignals: false, exec: false, fsIsolation: 'none' };

  async fingerprint(): Promise<DriverFingerprint> {
    const probe = await promisify(execFile)(emulator, ['--version'], { encoding: 'utf8', timeout: 10_000 }).catch(() => undefined);
    if (probe === undefined) return { health: 'undetected', healthDescription: `${emulator} not found`, attributes: {} };
    const version = /version (\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
    const kvm = await access('/dev/kvm', constants.R_OK | constants.W_OK).then(() => true, () => false);
    return {
      health: 'healthy',
      healthDescription: 'healthy',
      attributes: { 'driver.qemu': '1', 'driver.qemu.version': version, 'driver.qemu.emulators': 'x86_64', 'driver.qemu.kvm': String(kvm) },
    };
  }

  private async resolveImage(config: TaskConfig, imagePath: string): Promise<string> {
    const path = await realpath(isAbsolute(imagePath) ? imagePath : resolve(config.taskDir, imagePath)).catch(() => undefined);
    if (path === undefined) throw new DroverError('DROVER_ERR_TASK_CONFIG_INVALID', `config.image_path: ${imagePath} does not exist`, { statusCode: 400, location: 'config.image_path' });
    const roots = [config.allocDir, ...((this.pluginConfig['image_paths'] as string[] | undefined) ?? [])];
    for (const root of roots) if (isWithin(await realpath(root).catch(() => root), path)) return path;
    throw new DroverError('DROVER_ERR_QEMU_IMAGE_PATH', `config.image_path: ${imagePath} is outside the allocation directory and plugin image_paths`, { statusCode: 400, location: 'config.image_path' });
  }

  private checkArgs(args: string[]): void {
    const allowlist = this.pluginConfig['args_allowlist'] as string[] | undefined;
    if (allowlist === undefined) return;
    args.forEach((arg, i) => {
      if (!allowlist.includes(arg)) throw new DroverError('DROVER_ERR_QEMU_ARG_DENIED', `config.args[${i}]: ${JSON.stringify(arg)} is not in args_allowlist`, { statusCode: 400, location: `config.args[${i}]` });
    });
  }

  private hostForwards(config: TaskConfig, portMap: Record<string, number>): string {
    const forwards: string[] = [];
    for (const [label, guestPort] of Object.entries(portMap)) {
      const port = config.resources.ports[label];
      if (port === undefined) throw new DroverError('DROVER_ERR_TASK_CONFIG_INVALID', `config.port_map.${label}: port label not in the group network block`, { statusCode: 400, location: `config.port_map.${label}` });
      for (const proto of ['tcp', 'udp']) forwards.push(`hostfwd=${proto}:${port.hostIp}:${port.value}-:${guestPort}`);
    }
    return forwards.join(',');
  }

  protected async buildLaunch(config: TaskConfig): Promise<LaunchPlan> {
    const tc = config.driverConfig as unknown as QemuTaskConfig;
    const image = await this.resolveImage(config, tc.image_path);
    const accelerator = tc.accelerator ?? 'tcg';
    if (accelerator === 'kvm' && !(await access('/dev/kvm', constants.R_OK | constants.W_OK).then(() => true, () => false))) {
      throw new DroverError('DROVER_ERR_QEMU_KVM_UNAVAILABLE', 'config.accelerator: kvm requested but /dev/kvm is not usable on this client', { statusCode: 400, location: 'config.accelerator' });
    }
    const extraArgs = tc.args ?? [];
    this.checkArgs(extraArgs);
    const memoryMB = Math.max(minimumMemoryMB, config.resources.memoryMaxMB ?? config.resources.memoryMB);
    const qmp = qmpSocketPath(config.taskDir, config.id);
    const args = [
      '-machine', `type=${tc.machine_type ?? 'pc'},accel=${accelerator}`,
      '-name', config.name,
      '-m', `${memoryMB}M`,
      '-drive', `file=${image},if=${tc.drive_interface ?? 'ide'},id=image0,format=raw`,
      '-nographic', '-monitor', 'none',
      '-qmp', `unix:${qmp},server=on,wait=off`,
    ];
    if (tc.port_map !== undefined && Object.keys(tc.port_map).length > 0) {
      args.push('-netdev', `user,id=user.0,${this.hostForwards(config, tc.port_map)}`, '-device', 'virtio-net,netdev=user.0');
    }
    args.push(...extraArgs);
    return { command: emulator, args, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, cwd: config.taskDir, extra: { qmpSocket: qmp, graceful: tc.graceful_shutdown === true } };
  }

  /** ACPI powerdown via QMP when graceful_shutdown; otherwise the stop signal (QEMU exits cleanly on SIGINT/SIGTERM). */
  protected override async gracefulStop(task: ProcessTask, signal: string): Promise<void> {
    if (task.extra['graceful'] === true) {
      const sent = await qmpCommand(String(task.extra['qmpSocket']), 'system_powerdown').then(() => true, () => false);
      if (sent) return;
    }
    await signalTaskGroup(task.state, signalNumber(signal));
  }

  /** queryStatus asks the VM's QMP socket for its run state (e.g. `running`). */
  async queryStatus(taskId: string): Promise<string> {
    const result = await qmpCommand(String(this.taskOf(taskId).extra['qmpSocket']), 'query-status');
    return String((result as { status?: unknown }).status);
  }

  override async signal(_taskId: string, _signal: string): Promise<void> {
    throw notSupported(this.name, 'signal');
  }

  override async exec(_taskId: string, _command: string[], _timeoutMs: number): Promise<ExecResult> {
    throw notSupported(this.name, 'exec');
  }

  override async execStreaming(_taskId: string, _opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
    throw notSupported(this.name, 'exec');
  }

  protected async execCommandLine(_task: ProcessTask, _command: string[]): Promise<CommandLine> {
    throw notSupported(this.name, 'exec');
  }
}
