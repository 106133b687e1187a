/**
 * The host side of the external plugin protocol: launch a plugin executable, read its
 * handshake, connect, and wrap the RPC methods as a DriverPlugin. If the plugin process dies,
 * the next call relaunches it, re-applies the plugin config and re-recovers the known tasks
 * (tasks themselves do not depend on the plugin process staying up).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { DroverError } from '../../api/errors.js';
import type {
  DriverCapabilities, DriverFingerprint, DriverPlugin, ExecResult, ExitResult, TaskConfig, TaskHandle,
  TaskResourceUsage, TaskStatus,
} from '../driver.js';
import type { JSONSchema7 } from '../json-schema.js';
import { JsonRpcPeer } from './json-rpc.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, parseHandshake } from './protocol.js';
import type { DriverMethod, Handshake } from './protocol.js';
import { execResultFromWire } from './wire.js';
import type { WireExecResult } from './wire.js';

/** LaunchOptions tune how a plugin is started. */
export interface LaunchOptions {
  handshakeTimeoutMs?: number;
  /** Receives each line the plugin writes to stderr (its log). Default: agent stderr, prefixed. */
  onLog?: (line: string) => void;
  env?: Record<string, string>;
}

interface Connection {
  child: ChildProcessWithoutNullStreams;
  peer: JsonRpcPeer;
  handshake: Handshake;
}

interface Description {
  name: string;
  configSchema: JSONSchema7;
  taskConfigSchema: JSONSchema7;
  capabilities: DriverCapabilities;
}

function handshakeFailed(executable: string, why: string): DroverError {
  return new DroverError('DROVER_ERR_PLUGIN_HANDSHAKE', `plugin ${executable}: ${why}`, { statusCode: 500, location: executable });
}

/** readHandshakeLine resolves with the first stdout line and whatever followed it. */
function readHandshakeLine(child: ChildProcessWithoutNullStreams, executable: string, timeoutMs: number): Promise<{ line: string; rest: string }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        cleanup();
        resolve({ line: buffered.slice(0, newline), rest: buffered.slice(newline + 1) });
      } else if (buffered.length > 4096) {
        cleanup();
        reject(handshakeFailed(executable, 'no handshake line in the first 4 KiB of stdout'));
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(handshakeFailed(executable, `exited (code ${code}) before the handshake`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(handshakeFailed(executable, `no handshake within ${timeoutMs}ms`));
    }, timeoutMs);
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

async function openConnection(executable: string, opts: LaunchOptions): Promise<Connection> {
  const child = spawn(executable, [], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE },
  });
  child.once('error', () => undefined);
  const log = opts.onLog ?? ((line: string) => process.stderr.write(`[plugin ${executable}] ${line}\n`));
  let errBuffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errBuffer += chunk.toString('utf8');
    for (let nl = errBuffer.indexOf('\n'); nl >= 0; nl = errBuffer.indexOf('\n')) {
      log(errBuffer.slice(0, nl));
      errBuffer = errBuffer.slice(nl + 1);
    }
  });
  let first: { line: string; rest: string };
  try {
    first = await readHandshakeLine(child, executable, opts.handshakeTimeoutMs ?? 10_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  let handshake: Handshake;
  try {
    handshake = parseHandshake(first.line);
  } catch (e) {
    child.kill('SIGKILL');
    throw handshakeFailed(executable, (e as Error).message);
  }
  let peer: JsonRpcPeer;
  if (handshake.transport.kind === 'stdio') {
    const input = new PassThrough();
    input.write(first.rest);
    child.stdout.pipe(input);
    peer = new JsonRpcPeer(input, child.stdin, `plugin ${handshake.name}`);
  } else {
    const socket = connect(handshake.transport.path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (e) => reject(handshakeFailed(executable, `cannot connect to ${handshake.transport.kind === 'unix' ? handshake.transport.path : ''}: ${e.message}`)));
    });
    peer = new JsonRpcPeer(socket, socket, `plugin ${handshake.name}`);
    child.stdout.resume();
  }
  child.once('exit', (code, signal) => peer.close(`plugin process exited (code ${code}, signal ${signal})`));
  return { child, peer, handshake };
}

/** ExternalDriver is a DriverPlugin served by a plugin process. */
export class ExternalDriver implements DriverPlugin {
  readonly name: string;
  readonly configSchema: JSONSchema7;
  readonly taskConfigSchema: JSONSchema7;
  readonly capabilities: DriverCapabilities;
  private pluginConfig: Record<string, unknown> | undefined;
  private readonly knownHandles = new Map<string, TaskHandle>();
  private relaunching: Promise<Connection> | undefined;

  constructor(private readonly executable: string, private readonly opts: LaunchOptions, private connection: Connection, description: Description) {
    this.name = description.name;
    this.configSchema = description.configSchema;
    this.taskConfigSchema = description.taskConfigSchema;
    this.capabilities = description.capabilities;
  }

  /** pid of the plugin process (for operators and tests). */
  get pid(): number | undefined {
    return this.connection.child.pid;
  }

  private async live(): Promise<Connection> {
    if (!this.connection.peer.isClosed) return this.connection;
    this.relaunching ??= (async () => {
      const connection = await openConnection(this.executable, this.opts);
      if (this.pluginConfig !== undefined) await connection.peer.request('driver.setConfig', { config: this.pluginConfig });
      for (const handle of this.knownHandles.values()) await connection.peer.request('driver.recover', { handle }).catch(() => undefined);
      this.connection = connection;
      return connection;
    })().finally(() => (this.relaunching = undefined));
    return this.relaunching;
  }

  private async call<T>(method: DriverMethod, params: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const { peer } = await this.live();
    return (await peer.request(method, params, signal)) as T;
  }

  async setConfig(config: Record<string, unknown>): Promise<void> {
    await this.call('driver.setConfig', { config });
    this.pluginConfig = config;
  }

  fingerprint(): Promise<DriverFingerprint> {
    return this.call('driver.fingerprint', {});
  }

  async start(config: TaskConfig): Promise<TaskHandle> {
    const handle = await this.call<TaskHandle>('driver.start', { config });
    this.knownHandles.set(handle.taskId, handle);
    return handle;
  }

  async recover(handle: TaskHandle): Promise<void> {
    await this.call('driver.recover', { handle });
    this.knownHandles.set(handle.taskId, handle);
  }

  wait(taskId: string, signal?: AbortSignal): Promise<ExitResult> {
    return this.call('driver.wait', { taskId }, signal);
  }

  async stop(taskId: string, timeoutMs: number, signal?: string): Promise<void> {
    await this.call('driver.stop', { taskId, timeoutMs, ...(signal === undefined ? {} : { signal }) });
  }

  async destroy(taskId: string, force: boolean): Promise<void> {
    await this.call('driver.destroy', { taskId, force });
    this.knownHandles.delete(taskId);
  }

  inspect(taskId: string): Promise<TaskStatus> {
    return this.call('driver.inspect', { taskId });
  }

  stats(taskId: string): Promise<TaskResourceUsage> {
    return this.call('driver.stats', { taskId });
  }

  async signal(taskId: string, signal: string): Promise<void> {
    await this.call('driver.signal', { taskId, signal });
  }

  async exec(taskId: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    return execResultFromWire(await this.call<WireExecResult>('driver.exec', { taskId, command, timeoutMs }));
  }

  /** shutdown asks the plugin to stop, closes its stdin, and kills it if it lingers. */
  async shutdown(): Promise<void> {
    const { child, peer } = this.connection;
    if (!peer.isClosed) await peer.request('driver.shutdown', {}).catch(() => undefined);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** launchExternalDriver starts `executable` as a driver plugin and describes it. */
export async function launchExternalDriver(executable: string, opts: LaunchOptions = {}): Promise<ExternalDriver> {
  const connection = await openConnection(executable, opts);
  try {
    const description = (await connection.peer.request('driver.describe', {})) as Description;
    if (description.name !== connection.handshake.name) {
      throw handshakeFailed(executable, `describe names ${JSON.stringify(description.name)} but the handshake said ${JSON.stringify(connection.handshake.name)}`);
    }
    return new ExternalDriver(executable, opts, connection, description);
  } catch (e) {
    connection.child.kill('SIGKILL');
    throw e;
  }
}
