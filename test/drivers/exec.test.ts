import t from 'tap';
import { readFile, readdir } from 'node:fs/promises';
import { ExecDriver } from '../../drivers/exec/driver.js';
import { newTestTaskConfig, runDriverConformance } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { scenarioScript } from '../conformance/shell-scenarios.js';

const sh = (script: string): Record<string, unknown> => ({ command: '/bin/sh', args: ['-c', script] });

/** What each conformance scenario looks like as an exec task (sh is PID 1 of the task). */
function execConfig(scenario: ConformanceScenario): Record<string, unknown> {
  return sh(scenarioScript(scenario));
}

t.test('exec driver', async (t) => {
  const probe = await new ExecDriver().fingerprint();
  if (probe.health !== 'healthy') return t.skip(`exec driver unavailable here: ${probe.healthDescription}`, () => undefined);

  t.test('conformance', async (t) => {
    runDriverConformance(t, async () => new ExecDriver(), execConfig, {
      invalidTaskConfig: { config: { args: [] }, field: 'config.command' },
      exec: { command: ['/bin/sh', '-c', 'echo uid=$(id -u) pid1=$(cat /proc/1/comm)'], expectStdout: /uid=65534 pid1=sh/ as unknown as string },
      execStreaming: { command: ['/bin/sh', '-c', 'read line; echo got-$line'], stdin: 'hello\n', expectStdout: 'got-hello' },
    });
  });

  t.test('isolation: the task sees only its own processes, runs as nobody, with no capabilities', async (t) => {
    const driver = new ExecDriver();
    const config = await newTestTaskConfig(t, sh('ls /proc | grep -E "^[0-9]+$" | tr "\\n" " "; echo; id -u; grep CapEff /proc/self/status; ls /'));
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    const result = await driver.wait(handle.taskId);
    t.equal(result.exitCode, 0, await readFile(config.stderrPath, 'utf8'));
    const [pids = '', uid, capEff] = (await readFile(config.stdoutPath, 'utf8')).split('\n');
    const visible = pids.trim().split(' ').map(Number);
    const hostPids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).length;
    t.ok(hostPids > 4 && visible.length <= 4, `only the task's own pids are visible (${pids}); the host has ${hostPids}`);
    t.ok(visible.includes(1), 'the task is PID 1 of its namespace');
    t.equal(uid, '65534', 'runs as nobody');
    t.match(capEff, /CapEff:\s+0000000000000000/, 'no effective capabilities (CVE-2019-12618)');
  });

  t.test('memory limit: the task is OOM-killed past memoryMB and the exit says so', async (t) => {
    const driver = new ExecDriver();
    const config = await newTestTaskConfig(t, { command: '/usr/bin/tail', args: ['/dev/zero'] }, { memoryMB: 32 });
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    const result = await driver.wait(handle.taskId);
    t.equal(result.oomKilled, true, JSON.stringify(result));
    t.equal(result.signal, 9);
  });

  t.test('a task cannot write the read-only host directories', async (t) => {
    const driver = new ExecDriver();
    const config = await newTestTaskConfig(t, sh('touch /usr/drover-escape 2>/dev/null && echo wrote || echo denied'));
    config.user = 'root';
    const handle = await driver.start(config);
    t.teardown(() => driver.destroy(handle.taskId, true));
    await driver.wait(handle.taskId);
    t.equal((await readFile(config.stdoutPath, 'utf8')).trim(), 'denied', 'even root in the task cannot write /usr');
  });
});
