/**
 * The driver conformance scenarios as POSIX shell scripts, shared by every driver whose tasks
 * can run `/bin/sh -c <script>` (raw_exec, exec, docker); each test wraps the script in its own
 * task config.
 */
import { assertNever } from '../../api/errors.js';
import type { ConformanceScenario } from './driver.js';

/** scenarioScript returns the shell script that behaves as `scenario` requires. */
export function scenarioScript(scenario: ConformanceScenario): string {
  switch (scenario) {
    case 'exits-with-code-3': return 'exit 3';
    case 'exits-with-code-3-later': return 'sleep 3; exit 3';
    case 'runs-until-stopped': return 'trap "exit 0" INT TERM; echo ready; while :; do sleep 0.1; done';
    case 'ignores-stop-signal': return 'trap "" INT TERM; echo ready; while :; do sleep 0.1; done';
    case 'exits-7-on-sigusr1': return 'trap "exit 7" USR1; echo ready; while :; do sleep 0.1; done';
    default: return assertNever(scenario, 'scenario');
  }
}
