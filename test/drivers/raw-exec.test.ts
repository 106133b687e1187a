import t from 'tap';
import { RawExecDriver } from '../../drivers/raw_exec/driver.js';
import { newTestTaskConfig, runDriverConformance } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { scenarioScript } from '../conformance/shell-scenarios.js';

const sh = (script: string): Record<string, unknown> => ({ command: '/bin/sh', args: ['-c', script] });

/** What each conformance scenario looks like as a raw_exec task. */
function rawExecConfig(scenario: ConformanceScenario): Record<string, unknown> {
  return sh(scenarioScript(scenario));
}

runDriverConformance(t, async () => new RawExecDriver({ enabled: true }), rawExecConfig, {
  invalidTaskConfig: { config: { args: ['x'] }, field: 'config.command' },
  exec: { command: ['/bin/sh', '-c', 'echo exec-ok-$DROVER_CONFORMANCE'], expectStdout: 'exec-ok-1' },
  execStreaming: { command: ['/bin/sh', '-c', 'read line; echo got-$line'], stdin: 'hello\n', expectStdout: 'got-hello' },
});

t.test('start failures are coded and immediate', async (t) => {
  const driver = new RawExecDriver({ enabled: true });
  const missing = await newTestTaskConfig(t, { command: '/nonexistent/program' });
  await t.rejects(driver.start(missing), { code: 'DROVER_ERR_TASK_START', message: /nonexistent/ });
  const badLogDir = await newTestTaskConfig(t, { command: '/bin/true' });
  badLogDir.stdoutPath = '/nonexistent-dir/stdout.0';
  await t.rejects(driver.start(badLogDir), { code: 'DROVER_ERR_TASK_START', message: /log file/ });
});
