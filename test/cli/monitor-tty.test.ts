/**
 * The `job run` monitor on a real terminal (tmux): a live block (spinner + allocation states
 * per group) redrawn in place while the job runs, and plain timestamped lines when CI is set.
 * Skips with a reason when tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { repoRoot, startDevAgent, waitFor } from '../support/agent.js';
import { killMarked, marker, shellJob } from './support.js';

const MARK = marker('tty');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `drover-cli-${process.pid}`;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  return r.stdout;
}

t.test('job run monitor on a terminal', { skip: hasTmux ? false : 'tmux is not installed (apt-get install -y tmux)' }, async (t) => {
  const agent = await startDevAgent(t);
  killMarked(t, MARK);
  const dir = await mkdtemp(join(tmpdir(), 'drover-cli-tty-'));
  t.teardown(async () => {
    tmux('kill-server');
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(join(dir, 'live.hcl'), shellJob({ id: 'live', type: 'batch', count: 2, mark: MARK, script: 'sleep 6; echo done' }));
  await writeFile(join(dir, 'ci.hcl'), shellJob({ id: 'ci', type: 'batch', count: 2, mark: MARK, script: 'sleep 3; echo done' }));
  const main = join(repoRoot, 'dist/cli/main.js');
  await writeFile(join(dir, 'run.sh'), [
    '#!/bin/sh',
    'unset CI NO_COLOR FORCE_COLOR',
    `export DROVER_ADDR=${agent.address}`,
    `cd ${dir}`,
    `"${process.execPath}" ${main} job run -wait live.hcl; echo "LIVE-EXIT=$?"`,
    `CI=true "${process.execPath}" ${main} job run -wait ci.hcl; echo "CI-EXIT=$?"`,
    'exec sleep 300',
    '',
  ].join('\n'));
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'mon');
  tmux('new-session', '-d', '-s', 'mon', '-x', '200', '-y', '60', `sh ${join(dir, 'run.sh')}`);

  const during = await waitFor(() => {
    const s = screen();
    return /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Job "live": g: [01]\/2 complete/.test(s) ? s : undefined;
  }, 'the live block with a spinner', 90_000);
  t.match(during, /Task Group\s+Desired\s+Queued\s+Starting\s+Running\s+Complete\s+Failed\s+Lost\n\s+g\s+2\s+/, 'the group table is drawn');

  const live = await waitFor(() => {
    const s = screen();
    return s.includes('LIVE-EXIT=') ? s : undefined;
  }, 'the live run to end', 90_000);
  t.match(live, /LIVE-EXIT=0/);
  const liveRun = live.slice(0, live.indexOf('LIVE-EXIT='));
  t.match(liveRun, /Job "live" converged/);
  t.equal(liveRun.split('Task Group  Desired').length - 1, 1, 'the block was redrawn in place: one table on screen');
  t.notMatch(liveRun, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/, 'the spinner is gone once finished');
  t.match(liveRun, /Job "live": g: 2\/2 complete\n/, 'the final state stays on screen');

  const ci = await waitFor(() => {
    const s = screen();
    return s.includes('CI-EXIT=') ? s : undefined;
  }, 'the CI run to end', 90_000);
  const ciRun = ci.slice(ci.indexOf('LIVE-EXIT='));
  t.match(ciRun, /CI-EXIT=0/);
  t.match(ciRun, /\d{2}:\d{2}:\d{2}Z: g: 2\/2 complete/, 'CI=true: timestamped lines');
  t.notOk(ciRun.includes('Task Group  Desired'), 'CI=true: no live block');
});
