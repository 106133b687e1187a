/**
 * The driver conformance suite: one set of behaviours every DriverPlugin must show, run by
 * test/drivers/<driver>.test.ts for each driver (built-in and external).
 *
 * A driver test supplies a factory (a fresh instance = an agent restart) and, per scenario,
 * the task `config {}` block that makes the driver's task behave as the scenario says.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import type { DriverPlugin, TaskConfig, TaskHandle, TaskResources } from '../../plugins/driver.js';
import { validateTaskConfig } from '../../plugins/validate.js';

/** ConformanceScenario names a task behaviour the driver test must express as task config. */
export type ConformanceScenario =
  /** Exits promptly with exit code 3. */
  | 'exits-with-code-3'
  /** Runs ~3s, then exits with exit code 3 (long enough to recover it while it runs). */
  | 'exits-with-code-3-later'
  /** Prints `ready` to stdout, then runs until SIGINT/SIGTERM, and exits on either. */
  | 'runs-until-stopped'
  /** Ignores SIGINT and SIGTERM: stop() must escalate to a kill after the timeout. */
  | 'ignores-stop-signal'
  /** Prints `ready` once a SIGUSR1 handler is installed; exits with code 7 on SIGUSR1. */
  | 'exits-7-on-sigusr1';

/** DriverConformanceOptions tune the suite for one driver. */
export interface DriverConformanceOptions {
  /** A task config that must be rejected, and the field its error must name (e.g. `config.image`). */
  invalidTaskConfig: { config: Record<string, unknown>; field: string };
  /** Command for exec() and a substring its stdout must contain (when capabilities.exec). */
  exec?: { command: string[]; expectStdout: string };
  /** Interactive exec: command, what to write to its stdin, and a substring its stdout must contain. */
  execStreaming?: { command: string[]; stdin: string; expectStdout: string };
  resources?: Partial<TaskResources>;
  /** Whether the driver writes task output to stdoutPath (mock: stdout_string). Default true. */
  writesStdout?: boolean;
  /** False for drivers whose handle alone re-creates the task (mock). Default true. */
  recoverFailsAfterDestroy?: boolean;
  /** Upper bound for one task to start/exit (slow runtimes). Default 20s. */
  slowMs?: number;
  /** Called after tests to release what the factory created. */
  cleanup?: () => Promise<void>;
}

/** TaskConfigFor answers a scenario with a driver config block, or undefined when not applicable. */
export type TaskConfigFor = (scenario: ConformanceScenario) => Record<string, unknown> | undefined;

/**
 * newTestTaskConfig builds a TaskConfig with real directories under a fresh temp alloc dir,
 * removed when `owner` ends (pass undefined to manage the directory yourself).
 */
export async function newTestTaskConfig(owner: Test | undefined, driverConfig: Record<string, unknown>, resources: Partial<TaskResources> = {}): Promise<TaskConfig> {
  const allocDir = await mkdtemp(join(tmpdir(), 'drover-alloc-'));
  owner?.teardown(() => rm(allocDir, { recursive: true, force: true }));
  const allocId = randomUUID();
  const name = 'web';
  const taskDir = join(allocDir, name);
  const logs = join(allocDir, 'alloc', 'logs');
  await mkdir(join(taskDir, 'local'), { recursive: true });
  await mkdir(join(taskDir, 'secrets'), { recursive: true });
  await mkdir(join(taskDir, 'tmp'), { recursive: true, mode: 0o1777 });
  await mkdir(logs, { recursive: true });
  return {
    id: `${allocId}/${name}/${randomBytes(4).toString('hex')}`,
    allocId,
    jobId: 'conformance',
    taskGroup: 'group',
    name,
    driverConfig,
    env: { DROVER_CONFORMANCE: '1', NOMAD_TASK_NAME: name },
    resources: { cpuMhz: 100, memoryMB: 64, ports: {}, ...resources },
    allocDir,
    taskDir,
    localDir: join(taskDir, 'local'),
    secretsDir: join(taskDir, 'secrets'),
    stdoutPath: join(logs, `${name}.stdout.0`),
    stderrPath: join(logs, `${name}.stderr.0`),
  };
}

/** waitUntil polls `probe` until true or the deadline passes (then throws). */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function fileContains(path: string, text: string): Promise<boolean> {
  return (await readFile(path, 'utf8').catch(() => '')).includes(text);
}

/** skipBecause records a visible skip (a skipped subtest named by the reason). */
export function skipBecause(t: Test, reason: string): void {
  void t.skip(reason, () => undefined);
}

/** runDriverConformance registers the conformance subtests on `t`. */
export function runDriverConformance(t: Test, factory: () => Promise<DriverPlugin>, taskConfigFor: TaskConfigFor, options: DriverConformanceOptions): void {
  const slowMs = options.slowMs ?? 20_000;
  const started: Array<{ driver: DriverPlugin; handle: TaskHandle }> = [];
  const allocDirs: string[] = [];

  const startScenario = async (driver: DriverPlugin, scenario: ConformanceScenario): Promise<TaskHandle | undefined> => {
    const block = taskConfigFor(scenario);
    if (block === undefined) return undefined;
    const config = await newTestTaskConfig(undefined, block, options.resources);
    allocDirs.push(config.allocDir);
    const handle = await driver.start(config);
    started.push({ driver, handle });
    return handle;
  };
  const skipUnless = (st: Test, handle: TaskHandle | undefined, scenario: ConformanceScenario): handle is TaskHandle => {
    if (handle === undefined) skipBecause(st, `scenario ${scenario} not applicable to this driver`);
    return handle !== undefined;
  };

  t.teardown(async () => {
    for (const { driver, handle } of started) await driver.destroy(handle.taskId, true).catch(() => undefined);
    for (const dir of allocDirs) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    await options.cleanup?.();
  });

  t.test('fingerprint reports a healthy driver with attributes', async (st) => {
    const fp = await (await factory()).fingerprint();
    st.equal(fp.health, 'healthy', fp.healthDescription);
    st.type(fp.attributes, 'object');
  });

  t.test('invalid task config is rejected naming the field', async (st) => {
    const driver = await factory();
    const errors = validateTaskConfig(driver, options.invalidTaskConfig.config);
    st.ok(errors.some((e) => e.startsWith(`${options.invalidTaskConfig.field}:`)), `errors name ${options.invalidTaskConfig.field}: ${errors.join('; ')}`);
    const config = await newTestTaskConfig(undefined, options.invalidTaskConfig.config, options.resources);
    allocDirs.push(config.allocDir);
    await st.rejects(driver.start(config), { code: 'DROVER_ERR_TASK_CONFIG_INVALID' });
  });

  t.test('start -> wait reports the exit code; inspect shows exited', async (st) => {
    const driver = await factory();
    const handle = await startScenario(driver, 'exits-with-code-3');
    if (!skipUnless(st, handle, 'exits-with-code-3')) return;
    const result = await driver.wait(handle.taskId);
    st.equal(result.exitCode, 3);
    st.equal(result.oomKilled, false);
    const status = await driver.inspect(handle.taskId);
    st.equal(status.state, 'exited');
    st.equal(status.exitResult?.exitCode, 3);
    st.same(await driver.wait(handle.taskId), result, 'wait can be called again after exit');
    await driver.destroy(handle.taskId, false);
    await st.rejects(driver.inspect(handle.taskId), { code: 'DROVER_ERR_TASK_NOT_FOUND' }, 'destroyed task is forgotten');
  });

  t.test('running task: inspect, stats, stdout, graceful stop', async (st) => {
    const driver = await factory();
    const handle = await startScenario(driver, 'runs-until-stopped');
    if (!skipUnless(st, handle, 'runs-until-stopped')) return;
    st.equal((await driver.inspect(handle.taskId)).state, 'running');
    if (options.writesStdout !== false) await waitUntil(() => fileContains(handle.config.stdoutPath, 'ready'), slowMs, 'ready on stdout');
    const stats = await driver.stats(handle.taskId);
    st.ok(stats.timestamp > 0, 'stats has a timestamp');
    st.type(stats.memory.rss, 'number');
    await st.rejects(driver.destroy(handle.taskId, false), { code: 'DROVER_ERR_TASK_RUNNING' }, 'destroy without force refuses a running task');
    const before = Date.now();
    await driver.stop(handle.taskId, slowMs);
    const result = await driver.wait(handle.taskId);
    st.ok(Date.now() - before < slowMs, 'stopped before the kill timeout');
    st.type(result.exitCode, 'number');
    st.equal((await driver.inspect(handle.taskId)).state, 'exited');
  });

  t.test('stop escalates to a kill after the timeout', async (st) => {
    const driver = await factory();
    const handle = await startScenario(driver, 'ignores-stop-signal');
    if (!skipUnless(st, handle, 'ignores-stop-signal')) return;
    if (options.writesStdout !== false) await waitUntil(() => fileContains(handle.config.stdoutPath, 'ready'), slowMs, 'ready on stdout');
    const before = Date.now();
    await driver.stop(handle.taskId, 300);
    st.ok(Date.now() - before >= 290, 'waited the timeout before killing');
    const result = await driver.wait(handle.taskId);
    st.equal(result.signal, 9, 'killed with SIGKILL');
  });

  t.test('signal reaches the task', async (st) => {
    const driver = await factory();
    if (!driver.capabilities.sendSignals) return skipBecause(st, 'driver does not support signals');
    const handle = await startScenario(driver, 'exits-7-on-sigusr1');
    if (!skipUnless(st, handle, 'exits-7-on-sigusr1')) return;
    if (options.writesStdout !== false) await waitUntil(() => fileContains(handle.config.stdoutPath, 'ready'), slowMs, 'ready on stdout');
    await driver.signal(handle.taskId, 'SIGUSR1');
    st.equal((await driver.wait(handle.taskId)).exitCode, 7);
    await st.rejects(driver.signal(handle.taskId, 'SIGNOPE'), { code: 'DROVER_ERR_SIGNAL_UNKNOWN' });
  });

  t.test('exec runs a command in the task context', async (st) => {
    const driver = await factory();
    if (!driver.capabilities.exec || options.exec === undefined) return skipBecause(st, 'driver does not support exec');
    const handle = await startScenario(driver, 'runs-until-stopped');
    if (!skipUnless(st, handle, 'runs-until-stopped')) return;
    if (options.writesStdout !== false) await waitUntil(() => fileContains(handle.config.stdoutPath, 'ready'), slowMs, 'ready on stdout');
    const result = await driver.exec(handle.taskId, options.exec.command, slowMs);
    st.equal(result.exitCode, 0, Buffer.from(result.stderr).toString());
    st.match(Buffer.from(result.stdout).toString(), options.exec.expectStdout);
    await driver.stop(handle.taskId, slowMs);
  });

  t.test('execStreaming pumps stdin and streams output', async (st) => {
    const driver = await factory();
    if (!driver.capabilities.exec || driver.execStreaming === undefined || options.execStreaming === undefined) return skipBecause(st, 'driver does not support interactive exec');
    const handle = await startScenario(driver, 'runs-until-stopped');
    if (!skipUnless(st, handle, 'runs-until-stopped')) return;
    if (options.writesStdout !== false) await waitUntil(() => fileContains(handle.config.stdoutPath, 'ready'), slowMs, 'ready on stdout');
    const input = options.execStreaming.stdin;
    let stdout = '';
    const result = await driver.execStreaming(handle.taskId, {
      command: options.execStreaming.command,
      tty: false,
      stdin: (async function* () {
        yield new TextEncoder().encode(input);
      })(),
      onStdout: (chunk) => (stdout += Buffer.from(chunk).toString()),
      onStderr: () => undefined,
    });
    st.equal(result.exitCode, 0);
    st.match(stdout, options.execStreaming.expectStdout);
    await driver.stop(handle.taskId, slowMs);
  });

  t.test('recover on a fresh driver instance keeps the task and reports its exit', async (st) => {
    const first = await factory();
    const handle = await startScenario(first, 'exits-with-code-3-later');
    if (!skipUnless(st, handle, 'exits-with-code-3-later')) return;
    const before = await first.inspect(handle.taskId);
    await first.shutdown();
    const persisted = JSON.parse(JSON.stringify(handle)) as TaskHandle;
    const second = await factory();
    started.push({ driver: second, handle });
    await second.recover(persisted);
    const after = await second.inspect(handle.taskId);
    st.equal(after.state, 'running', 'still running after recover');
    st.same(after.attributes, before.attributes, 'same pid / container after recover');
    st.equal((await second.wait(handle.taskId)).exitCode, 3, 'exit code reported after recover');
    await second.destroy(handle.taskId, false);
    if (options.recoverFailsAfterDestroy !== false) {
      const third = await factory();
      await st.rejects(third.recover(persisted), { code: 'DROVER_ERR_TASK_NOT_FOUND' }, 'a gone task is not recoverable');
    }
  });

  t.test('destroy with force kills a running task', async (st) => {
    const driver = await factory();
    const handle = await startScenario(driver, 'runs-until-stopped');
    if (!skipUnless(st, handle, 'runs-until-stopped')) return;
    await driver.destroy(handle.taskId, true);
    await st.rejects(driver.inspect(handle.taskId), { code: 'DROVER_ERR_TASK_NOT_FOUND' });
  });
}
