/**
 * raw_exec: a plain host process, no isolation, run as the agent's user. Off unless the agent
 * enables it (CVE-2019-15928: a disabled raw_exec must refuse tasks).
 */
import { isAbsolute, join } from 'node:path';
import type { DriverCapabilities, DriverFingerprint, TaskConfig } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';
import { ProcessDriverBase } from '../shared/process-driver.js';
import type { LaunchPlan, ProcessTask } from '../shared/process-driver.js';
import type { CommandLine } from '../shared/run-streaming.js';
import { rawExecConfigSchema, rawExecTaskConfigSchema } from './schema.js';

/** RawExecTaskConfig is the validated `config {}` block. */
export interface RawExecTaskConfig {
  command: string;
  args?: string[];
  work_dir?: string;
}

/** RawExecDriver implements `raw_exec`. */
export class RawExecDriver extends ProcessDriverBase {
  readonly name = 'raw_exec';
  readonly configSchema = rawExecConfigSchema;
  readonly taskConfigSchema = rawExecTaskConfigSchema;
  readonly capabilities: DriverCapabilities = { sendSignals: true, exec: true, fsIsolation: 'none' };

  constructor(opts: { enabled: boolean }) {
    super();
    this.pluginConfig = { enabled: opts.enabled };
  }

  /** Plugin config without `enabled` keeps the agent's choice (enableRawExec). */
  override async setConfig(config: Record<string, unknown>): Promise<void> {
    const enabled = config['enabled'] ?? this.pluginConfig['enabled'];
    await super.setConfig(config);
    this.pluginConfig = { ...config, enabled };
  }

  private get enabled(): boolean {
    return this.pluginConfig['enabled'] === true;
  }

  async fingerprint(): Promise<DriverFingerprint> {
    if (!this.enabled) return { health: 'undetected', healthDescription: 'disabled (plugin "raw_exec" { config { enabled = true } })', attributes: {} };
    return { health: 'healthy', healthDescription: 'healthy', attributes: { 'driver.raw_exec': '1' } };
  }

  protected async buildLaunch(config: TaskConfig): Promise<LaunchPlan> {
    if (!this.enabled) {
      throw new DroverError('DROVER_ERR_DRIVER_DISABLED', 'raw_exec is disabled on this client', { statusCode: 400, location: 'driver' });
    }
    const taskConfig = config.driverConfig as unknown as RawExecTaskConfig;
    const cwd = taskConfig.work_dir === undefined ? config.taskDir : (isAbsolute(taskConfig.work_dir) ? taskConfig.work_dir : join(config.taskDir, taskConfig.work_dir));
    const command = taskConfig.command.includes('/') && !isAbsolute(taskConfig.command) ? join(config.taskDir, taskConfig.command) : taskConfig.command;
    return { command, args: taskConfig.args ?? [], env: this.taskEnv(config), cwd };
  }

  private taskEnv(config: TaskConfig): Record<string, string> {
    return { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', ...config.env };
  }

  protected async execCommandLine(task: ProcessTask, command: string[]): Promise<CommandLine> {
    const [program = '', ...args] = command;
    return { command: program, args, cwd: task.handle.config.taskDir, env: this.taskEnv(task.handle.config) };
  }
}
