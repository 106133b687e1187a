/**
 * The driver plugin contract. Built-in drivers (drivers/) implement it in-process; external
 * drivers implement it in a child process behind the protocol in plugins/external/ and are
 * wrapped into this same interface by the host. One conformance suite
 * (test/conformance/driver.ts) runs against every implementation.
 *
 * Lifecycle of a task through a driver:
 *   start(config) -> handle (persisted by the client) -> wait(id) resolves with the exit result
 *   stop(id, timeout, signal) -> destroy(id)
 *   After a client restart: recover(handle) reattaches to the still-running task (or throws
 *   DROVER_ERR_TASK_NOT_FOUND so the client restarts it).
 */
import type { JSONSchema7 } from './json-schema.js';

/** DriverCapabilities advertises optional features. */
export interface DriverCapabilities {
  sendSignals: boolean;
  exec: boolean;
  /** Filesystem isolation the driver gives a task. */
  fsIsolation: 'none' | 'chroot' | 'image';
}

/** DriverHealth is one fingerprint observation. */
export interface DriverFingerprint {
  health: 'undetected' | 'unhealthy' | 'healthy';
  healthDescription: string;
  /** Node attributes, e.g. `driver.docker.version`. `driver.<name>` = "1" is added by the client. */
  attributes: Record<string, string>;
}

/** TaskResources is what the scheduler granted the task (memory in MB, cpu in MHz). */
export interface TaskResources {
  cpuMhz: number;
  memoryMB: number;
  memoryMaxMB?: number;
  /** Ports by label: host port and, for drivers with port mapping, the port inside the task. */
  ports: Record<string, { hostIp: string; value: number; to: number }>;
}

/** TaskConfig is everything a driver needs to start one task. */
export interface TaskConfig {
  /** Unique task instance ID: `<allocID>/<task>/<8 hex>`. */
  id: string;
  allocId: string;
  jobId: string;
  taskGroup: string;
  name: string;
  /** Driver-specific `config { ... }` block, already interpolated, validated by taskConfigSchema. */
  driverConfig: Record<string, unknown>;
  env: Record<string, string>;
  user?: string;
  resources: TaskResources;
  /** Host paths of the task's directories. */
  allocDir: string;
  taskDir: string;
  localDir: string;
  secretsDir: string;
  /** Files the driver must send the task's stdout/stderr to (the client rotates them). */
  stdoutPath: string;
  stderrPath: string;
}

/** TaskHandle is the driver's durable reference to a running task; the client persists it and
 * passes it back to `recover` after a restart. `state` is driver-private JSON. */
export interface TaskHandle {
  version: 1;
  driver: string;
  taskId: string;
  config: TaskConfig;
  startedAt: number;
  state: Record<string, unknown>;
}

/** ExitResult is how a task ended. */
export interface ExitResult {
  exitCode: number;
  signal: number;
  oomKilled: boolean;
  err?: string;
}

/** TaskStatus is `inspect`'s answer. */
export interface TaskStatus {
  id: string;
  state: 'running' | 'exited' | 'unknown';
  startedAt: number;
  completedAt?: number;
  exitResult?: ExitResult;
  /** Driver details shown in `alloc status` (pid, container id, ...). */
  attributes: Record<string, string>;
}

/** TaskResourceUsage is one stats sample. */
export interface TaskResourceUsage {
  timestamp: number;
  cpu: { percent: number; totalTicks: number; userMode: number; systemMode: number };
  memory: { rss: number; cache: number; usage: number; maxUsage: number };
  pids: Record<string, unknown>;
}

/** ExecResult is the result of a non-interactive exec. */
export interface ExecResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** ExecStreamingOptions drive an interactive exec (`alloc exec`). */
export interface ExecStreamingOptions {
  command: string[];
  tty: boolean;
  stdin: AsyncIterable<Uint8Array>;
  onStdout(chunk: Uint8Array): void;
  onStderr(chunk: Uint8Array): void;
  resize?: AsyncIterable<{ width: number; height: number }>;
  signal?: AbortSignal;
}

/** DriverPlugin is what every task driver implements. */
export interface DriverPlugin {
  readonly name: string;
  /** JSON Schema of the agent's `plugin "<name>" { config { ... } }` block. */
  readonly configSchema: JSONSchema7;
  /** JSON Schema of a task's `config { ... }` block; errors must name the field. */
  readonly taskConfigSchema: JSONSchema7;
  readonly capabilities: DriverCapabilities;
  /** Apply the plugin configuration (validated against configSchema). */
  setConfig(config: Record<string, unknown>): Promise<void>;
  /** Current fingerprint; the client polls it periodically. */
  fingerprint(): Promise<DriverFingerprint>;
  start(config: TaskConfig): Promise<TaskHandle>;
  /** Reattach to a task started before a client restart. */
  recover(handle: TaskHandle): Promise<void>;
  /** Resolves when the task exits (may be called again after recover). */
  wait(taskId: string, signal?: AbortSignal): Promise<ExitResult>;
  /** Send `signal` (default the driver's), wait up to `timeoutMs`, then kill. */
  stop(taskId: string, timeoutMs: number, signal?: string): Promise<void>;
  /** Release everything of a stopped task; `force` kills a running one first. */
  destroy(taskId: string, force: boolean): Promise<void>;
  inspect(taskId: string): Promise<TaskStatus>;
  stats(taskId: string): Promise<TaskResourceUsage>;
  signal(taskId: string, signal: string): Promise<void>;
  exec(taskId: string, command: string[], timeoutMs: number): Promise<ExecResult>;
  execStreaming?(taskId: string, opts: ExecStreamingOptions): Promise<{ exitCode: number }>;
  /** Stop background work (fingerprint loops); does not stop tasks. */
  shutdown(): Promise<void>;
}
