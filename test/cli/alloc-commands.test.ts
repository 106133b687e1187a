/**
 * `drover alloc ...` against a real dev agent: status (task events, -json), logs (-tail -n,
 * -f ending with the task, -stderr), exec (stdout and exit code propagated), restart, signal,
 * and stop (a replacement is created).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDevAgent, waitFor } from '../support/agent.js';
import type { DevAgent } from '../support/agent.js';
import { api, killMarked, logText, marker, runJson, shellJob } from './support.js';
import type { AllocJson, AllocStubJson } from './support.js';

const MARK = marker('alloc');

async function runningAlloc(agent: DevAgent, job: string, not?: string): Promise<string> {
  return waitFor(async () => {
    const allocs = await api<AllocStubJson[]>(agent, `/v1/job/${job}/allocations`);
    return allocs.find((a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run' && a.ID !== not)?.ID;
  }, `a running allocation of ${job}`, 90_000);
}

t.test('alloc commands against a dev agent', async (t) => {
  const agent = await startDevAgent(t);
  killMarked(t, MARK);
  const dir = await mkdtemp(join(tmpdir(), 'drover-cli-alloc-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  // a service task that logs, traps USR1, and writes to stderr
  const svc = join(dir, 'svc.hcl');
  await writeFile(svc, shellJob({
    id: 'svc', mark: MARK,
    script: 'trap "echo got-usr1" USR1; echo to-stderr >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.3; done',
  }));
  const run = agent.run(['job', 'run', '-detach', svc]);
  t.equal(run.code, 0, `job run -detach exits 0 (${run.stderr})`);
  const allocId = await runningAlloc(agent, 'svc');
  const short = allocId.slice(0, 8);

  await t.test('alloc status: human form with task events, and -json', async (t) => {
    const human = agent.run(['alloc', 'status', short]);
    t.equal(human.code, 0, human.stderr);
    t.match(human.stdout, new RegExp(`ID\\s+= ${short}\\n`));
    t.match(human.stdout, /Task "t" is "running"/);
    t.match(human.stdout, /Task Events:\nTime\s+Type\s+Description/);
    t.match(human.stdout, /Started\s+Task started by client/);
    const verbose = agent.run(['alloc', 'status', '-verbose', short]);
    t.match(verbose.stdout, new RegExp(`ID\\s+= ${allocId}`), '-verbose prints full IDs');
    const json = runJson<AllocJson>(agent, ['alloc', 'status', short]);
    t.equal(json.ID, allocId);
    t.equal(json.TaskStates?.t?.State, 'running');
  });

  await t.test('alloc logs: -tail -n N prints the last N lines; -stderr', async (t) => {
    await waitFor(async () => (/tick 5\n/.test(await logText(agent, allocId)) ? true : undefined), 'five ticks logged');
    const tail = agent.run(['alloc', 'logs', '-tail', '-n', '2', short]);
    t.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout.trimEnd().split('\n');
    t.equal(lines.length, 2, `two lines: ${JSON.stringify(tail.stdout)}`);
    t.ok(lines.every((l) => /^tick \d+$/.test(l)), 'they are log lines');
    t.ok(Number(lines[1]!.split(' ')[1]) === Number(lines[0]!.split(' ')[1]) + 1, 'consecutive, the last ones');
    const err = agent.run(['alloc', 'logs', '-stderr', short, 't']);
    t.equal(err.stdout, 'to-stderr\n');
  });

  await t.test('alloc exec: stdout relayed, exit code propagated', async (t) => {
    const echo = agent.run(['alloc', 'exec', short, '/bin/echo', 'hi']);
    t.equal(echo.code, 0, echo.stderr);
    t.equal(echo.stdout, 'hi\n');
    const three = agent.run(['alloc', 'exec', '-task', 't', short, '/bin/sh', '-c', 'echo oops >&2; exit 3']);
    t.equal(three.code, 3, 'the remote exit code is the CLI exit code');
    t.equal(three.stderr, 'oops\n', 'stderr relayed, flags after the command untouched');
  });

  await t.test('alloc signal: the task receives the signal', async (t) => {
    const sig = agent.run(['alloc', 'signal', '-s', 'SIGUSR1', short, 't']);
    t.equal(sig.code, 0, sig.stderr);
    t.match(sig.stdout, /Signal sent to allocation/);
    await waitFor(async () => ((await logText(agent, allocId)).includes('got-usr1') ? true : undefined), 'the trap logged the signal');
    t.match(agent.run(['alloc', 'logs', short]).stdout, /got-usr1/, 'alloc logs shows it');
    const bad = agent.run(['alloc', 'signal', '-s', 'not a signal', short]);
    t.equal(bad.code, 1, 'an invalid signal is an error');
    t.match(bad.stderr, /invalid signal/);
  });

  await t.test('alloc restart: the task restarts in place', async (t) => {
    const r = agent.run(['alloc', 'restart', short]);
    t.equal(r.code, 0, r.stderr);
    const a = await waitFor(async () => {
      const j = await api<AllocJson>(agent, `/v1/allocation/${allocId}`);
      const st = j.TaskStates?.t;
      return st && st.Events.some((e) => e.Type === 'Restart Signaled') && st.State === 'running' && st.Events.filter((e) => e.Type === 'Started').length >= 2 ? j : undefined;
    }, 'restart signaled and the task started again', 90_000);
    t.equal(a.ID, allocId, 'same allocation');
  });

  await t.test('alloc stop: a replacement is created', async (t) => {
    const stop = agent.run(['alloc', 'stop', short]);
    t.equal(stop.code, 0, stop.stderr);
    t.match(stop.stdout, /Monitoring evaluation/);
    t.match(stop.stdout, /Allocation "[0-9a-f]{8}" created/);
    const replacement = await runningAlloc(agent, 'svc', allocId);
    t.not(replacement, allocId);
    const old = runJson<AllocJson>(agent, ['alloc', 'status', allocId]);
    t.equal(old.NextAllocation ?? replacement, replacement, 'the old allocation points at its replacement');
  });

  await t.test('alloc logs -f ends when the task ends', async (t) => {
    const file = join(dir, 'short.hcl');
    await writeFile(file, shellJob({ id: 'short', type: 'batch', mark: MARK, script: 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo step $i; sleep 0.5; done; echo finished' }));
    t.equal(agent.run(['job', 'run', '-detach', file]).code, 0);
    const id = await waitFor(async () => (await api<AllocStubJson[]>(agent, '/v1/job/short/allocations')).find((a) => a.TaskStates?.t?.State === 'running')?.ID, 'the batch task running');
    const started = Date.now();
    const follow = agent.run(['alloc', 'logs', '-f', id]);
    t.equal(follow.code, 0, follow.stderr);
    t.match(follow.stdout, /step 1\n[\s\S]*step 12\nfinished\n$/, 'all output up to the end');
    t.ok(Date.now() - started < 60_000, 'returned once the task ended');
  });

  const stop = agent.run(['job', 'stop', '-purge', '-detach', 'svc']);
  t.equal(stop.code, 0, 'cleanup: job stop -purge');
});
