import t from 'tap';
import { RawExecDriver } from '../../drivers/raw_exec/driver.js';
import { newTestTaskConfig, runDriverConformance } from '../conformance/driver.js';
import type { ConformanceScenario } from '../conformance/driver.js';
import { assertNever } from '../../api/errors.js';

const sh = (script: string): Record<string, unknown> => ({ command: '/bin/sh', args: ['-c', script] });

/** What each conformance scenario looks like as a raw_exec task. */
function rawExecConfig(scenario: ConformanceScenario): Record<string, unknown> {
  switch (scenario) {
    case 'exits-with-code-3': return sh('exit 3');
    case 'exits-with-code-3-later': return sh('sleep 3; exit 3');
    case 'runs-until-stopped': return sh('trap "exit 0" INT TERM; echo ready; while :; do sleep 0.1; done');
    case 'ignores-stop-signal': return sh('trap "" INT TERM; echo ready; while :; do sleep 0.1; done');
    case 'exits-7-on-sigusr1': return sh('trap "exit 7" USR1; echo ready; while :; do sleep 0.1; done');
    default: return assertNever(scenario, 'scenario');
  }
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
