import t from 'tap';
import { MockDriver } from '../../drivers/mock/driver.js';
import { newTestTaskConfig, runDriverConformance } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { assertNever } from '../../api/errors.js';
import { isRecoverableStartError } from '../../plugins/driver-errors.js';

/** What each conformance scenario looks like as mock_driver knobs. */
function mockConfig(scenario: ConformanceScenario): Record<string, unknown> | undefined {
  switch (scenario) {
    case 'exits-with-code-3': return { run_for: '0', exit_code: 3 };
    case 'exits-with-code-3-later': return { run_for: '3s', exit_code: 3 };
    case 'runs-until-stopped': return { run_for: '1h', stdout_string: 'ready\n' };
    case 'ignores-stop-signal': return { run_for: '1h', kill_after: '1h', stdout_string: 'ready\n' };
    case 'exits-7-on-sigusr1': return undefined;
    default: return assertNever(scenario, 'scenario');
  }
}

t.test('conformance', async (t) => {
  runDriverConformance(t, async () => new MockDriver(), mockConfig, {
    invalidTaskConfig: { config: { run_for: 'soon' }, field: 'config.run_for' },
    exec: { command: ['echo', 'hello'], expectStdout: 'hello' },
    recoverFailsAfterDestroy: false,
  });
});

t.test('mock knobs behave as documented', async (t) => {
  const driver = new MockDriver();
  t.teardown(() => driver.shutdown());

  t.test('start_error fails the start; start_error_recoverable marks it retryable', async (t) => {
    const hard = await newTestTaskConfig(t, { start_error: 'boom' });
    await t.rejects(driver.start(hard), { code: 'DROVER_ERR_TASK_START', message: 'boom' });
    const soft = await newTestTaskConfig(t, { start_error: 'later', start_error_recoverable: true });
    const err = await driver.start(soft).catch((e: unknown) => e);
    t.ok(isRecoverableStartError(err));
  });

  t.test('exit_signal and exit_err_msg reach the exit result', async (t) => {
    const handle = await driver.start(await newTestTaskConfig(t, { run_for: '10ms', exit_code: 1, exit_signal: 15, exit_err_msg: 'bye' }));
    t.same(await driver.wait(handle.taskId), { exitCode: 1, signal: 15, oomKilled: false, err: 'bye' });
  });

  t.test('kill_after shorter than the timeout: the task dies of the stop signal', async (t) => {
    const handle = await driver.start(await newTestTaskConfig(t, { run_for: '1h', kill_after: '50ms' }));
    await driver.stop(handle.taskId, 5_000, 'SIGTERM');
    t.equal((await driver.wait(handle.taskId)).signal, 15);
  });

  t.test('stdout_repeat writes stdout_string repeatedly', async (t) => {
    const config = await newTestTaskConfig(t, { run_for: '1h', stdout_string: 'x', stdout_repeat: 3, stdout_repeat_duration: '10ms' });
    const handle = await driver.start(config);
    const { readFile } = await import('node:fs/promises');
    const deadline = Date.now() + 5_000;
    while ((await readFile(config.stdoutPath, 'utf8').catch(() => '')) !== 'xxxx' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    t.equal(await readFile(config.stdoutPath, 'utf8'), 'xxxx', 'once plus 3 repeats');
    await driver.destroy(handle.taskId, true);
  });

  t.test('signals are recorded; signal_error makes signal() fail', async (t) => {
    const ok = await driver.start(await newTestTaskConfig(t, { run_for: '1h' }));
    await driver.signal(ok.taskId, 'SIGHUP');
    t.same(driver.signalsReceived(ok.taskId), ['SIGHUP']);
    const failing = await driver.start(await newTestTaskConfig(t, { run_for: '1h', signal_error: 'nope' }));
    await t.rejects(driver.signal(failing.taskId, 'SIGHUP'), { code: 'DROVER_ERR_TASK_SIGNAL' });
    await driver.destroy(ok.taskId, true);
    await driver.destroy(failing.taskId, true);
  });
});
