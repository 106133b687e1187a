/**
 * Task survival (decision 0008): the agent is killed with SIGKILL while its task runs; the task
 * keeps running, a new driver instance recovers it without restarting it, and wait() reports
 * the real exit code. A handle whose PID now belongs to another process is never signalled.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RawExecDriver } from '../../drivers/raw_exec/driver.js';
import type { TaskHandle } from '../../plugins/driver.js';
import { newTestTaskConfig, waitUntil } from '../conformance/driver.js';
import { processIdentity } from '../../drivers/shared/proc.js';

const agentChild = fileURLToPath(new URL('./fixtures/agent-child.js', import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

t.test('the task outlives a SIGKILLed agent and is recovered, not restarted', async (t) => {
  const config = await newTestTaskConfig(t, {
    command: '/bin/sh',
    args: ['-c', 'echo $$ >> "$NOMAD_TASK_DIR/pid"; trap "exit 5" TERM; while :; do sleep 0.1; done'],
  });
  config.env['NOMAD_TASK_DIR'] = config.taskDir;
  const configFile = join(config.allocDir, 'task-config.json');
  await writeFile(configFile, JSON.stringify(config));

  const agent = spawn(process.execPath, [agentChild, configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (agent.exitCode === null) agent.kill('SIGKILL');
  });
  const lines = createInterface({ input: agent.stdout });
  const [first] = await Promise.all([new Promise<string>((resolve) => lines.once('line', resolve))]);
  const handle = JSON.parse(first) as TaskHandle;
  const pidFile = join(config.taskDir, 'pid');
  await waitUntil(async () => (await readFile(pidFile, 'utf8').catch(() => '')).length > 0, 10_000, 'task pid file');
  const taskPid = Number((await readFile(pidFile, 'utf8')).trim());

  agent.kill('SIGKILL');
  await new Promise((resolve) => agent.once('exit', resolve));
  t.ok(isAlive(taskPid), 'task still running while the agent is dead');

  const driver = new RawExecDriver({ enabled: true });
  await driver.recover(handle);
  const status = await driver.inspect(handle.taskId);
  t.equal(status.state, 'running');
  t.equal(status.attributes['pid'], String(taskPid), 'same process after recover');
  await driver.signal(handle.taskId, 'SIGTERM');
  const result = await driver.wait(handle.taskId);
  t.equal(result.exitCode, 5, 'exit code of the recovered task');
  t.equal((await readFile(pidFile, 'utf8')).trim().split('\n').length, 1, 'the task was started exactly once');
  await driver.destroy(handle.taskId, false);
});

t.test('a recycled PID (different start time) is never adopted or signalled', async (t) => {
  const bystander = spawn('/bin/sh', ['-c', 'trap "exit 9" TERM INT; while :; do sleep 0.1; done'], { stdio: 'ignore' });
  t.teardown(() => {
    bystander.kill('SIGKILL');
  });
  const identity = await processIdentity(bystander.pid ?? 0);
  t.ok(identity !== undefined);
  const config = await newTestTaskConfig(t, { command: '/bin/true' });
  const forged: TaskHandle = {
    version: 1,
    driver: 'raw_exec',
    taskId: config.id,
    config,
    startedAt: Date.now(),
    state: {
      supervisor: {
        stateDir: join(config.allocDir, '.drover', 'gone'),
        executor: { pid: bystander.pid, startTime: (identity?.startTime ?? 0) + 1 },
        task: { pid: bystander.pid, startTime: (identity?.startTime ?? 0) + 1 },
        startedAt: Date.now(),
      },
    },
  };
  const driver = new RawExecDriver({ enabled: true });
  await t.rejects(driver.recover(forged), { code: 'DROVER_ERR_TASK_NOT_FOUND' });
  t.ok(isAlive(bystander.pid ?? 0), 'the unrelated process was not touched');
});

t.test('a disabled raw_exec refuses tasks (CVE-2019-15928)', async (t) => {
  const driver = new RawExecDriver({ enabled: false });
  t.equal((await driver.fingerprint()).health, 'undetected');
  await t.rejects(driver.start(await newTestTaskConfig(t, { command: '/bin/true' })), { code: 'DROVER_ERR_DRIVER_DISABLED' });
});

t.test('builtinDrivers applies plugin config blocks and names bad fields', async (t) => {
  const { builtinDrivers } = await import('../../drivers/index.js');
  const drivers = await builtinDrivers({ enableRawExec: true, pluginConfig: { raw_exec: {}, docker: { volumes: { enabled: true } } } });
  t.equal((await drivers.get('raw_exec')?.fingerprint())?.health, 'healthy', 'raw_exec stays enabled when its block omits `enabled`');
  t.same([...drivers.keys()].sort(), ['docker', 'exec', 'mock_driver', 'qemu', 'raw_exec']);
  await t.rejects(builtinDrivers({ enableRawExec: false, pluginConfig: { docker: { volume: true } } }), { code: 'DROVER_ERR_PLUGIN_CONFIG_INVALID', location: 'plugin.config.volume' });
});
