/**
 * `shell`: the example external driver. It runs `config { script = "..." }` with /bin/sh under
 * the same detached supervisor as raw_exec, and is served out of process by the plugin SDK
 * (see main.ts), so the conformance suite exercises the whole external plugin path.
 */
import type { DriverCapabilities, DriverFingerprint, TaskConfig } from '../../plugins/driver.js';
import type { JSONSchema7 } from '../../plugins/json-schema.js';
import { ProcessDriverBase } from '../shared/process-driver.js';
import type { LaunchPlan, ProcessTask } from '../shared/process-driver.js';
import type { CommandLine } from '../shared/run-streaming.js';

/** ShellTaskConfig is the validated `config {}` block. */
export interface ShellTaskConfig {
  script: string;
  shell?: string;
}

/** ShellDriver implements the example `shell` driver. */
export class ShellDriver extends ProcessDriverBase {
  readonly name = 'shell';
  readonly configSchema: JSONSchema7 = { type: 'object', additionalProperties: false, properties: {} };
  readonly taskConfigSchema: JSONSchema7 = {
    type: 'object',
    additionalProperties: false,
    required: ['script'],
    properties: {
      script: { type: 'string', minLength: 1 },
      shell: { type: 'string', enum: ['/bin/sh', '/bin/bash', '/bin/dash'], default: '/bin/sh' },
    },
  };
  readonly capabilities: DriverCapabilities = { sendSignals: true, exec: true, fsIsolation: 'none' };

  async fingerprint(): Promise<DriverFingerprint> {
    return { health: 'healthy', healthDescription: 'healthy', attributes: { 'driver.shell': '1', 'driver.shell.pid': String(process.pid) } };
  }

  protected async buildLaunch(config: TaskConfig): Promise<LaunchPlan> {
    const tc = config.driverConfig as unknown as ShellTaskConfig;
    return { command: tc.shell ?? '/bin/sh', args: ['-c', tc.script], env: this.env(config), cwd: config.taskDir };
  }

  private env(config: TaskConfig): Record<string, string> {
    return { PATH: '/usr/local/bin:/usr/bin:/bin', ...config.env };
  }

  protected async execCommandLine(task: ProcessTask, command: string[]): Promise<CommandLine> {
    const [program = '', ...args] = command;
    return { command: program, args, cwd: task.handle.config.taskDir, env: this.env(task.handle.config) };
  }
}
