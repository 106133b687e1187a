/**
 * Job commands against a real dev agent: job run -wait (success and failure exit codes),
 * job logs interleaving two allocations, job history -p, job scale, job stop -purge, periodic
 * parent status, job init / validate / explain.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { runCli, startDevAgent, waitFor } from '../support/agent.js';
import { api, jobFiles, killMarked, marker, runJson, shellJob } from './support.js';
import type { AllocStubJson } from './support.js';

const MARK = marker('jobs');

t.test('job commands against a dev agent', async (t) => {
  const agent = await startDevAgent(t);
  killMarked(t, MARK);
  const { dir, write } = await jobFiles(t);

  await t.test('job run -wait: a batch job converges (exit 0)', async (t) => {
    const f = await write('ok.hcl', shellJob({ id: 'ok', type: 'batch', mark: MARK, script: 'echo fine' }));
    const r = agent.run(['job', 'run', '-wait', f]);
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /Waiting for job "ok" to converge/);
    t.match(r.stdout, /g: 1\/1 complete/);
    t.match(r.stdout, /Job "ok" converged/);
    t.notOk(r.stdout.includes(String.fromCharCode(27)), 'no escape codes off a terminal');
  });

  await t.test('job run -wait: a failing task without restarts or reschedules exits 1', async (t) => {
    const f = await write('bad.hcl', shellJob({ id: 'bad', type: 'batch', mark: MARK, script: 'exit 1', restartAttempts: 0, rescheduleAttempts: 0 }));
    const r = agent.run(['job', 'run', '-wait', '-wait-timeout', '90s', f]);
    t.equal(r.code, 1, `exit 1 (${r.stdout}${r.stderr})`);
    t.match(r.stdout, /failed to converge: allocations failed/);
  });

  await t.test('job logs interleaves the lines of two allocations, each prefixed', async (t) => {
    const f = await write('two.hcl', shellJob({ id: 'two', type: 'batch', count: 2, mark: MARK, script: 'for i in $(seq 1 40); do echo "n $i"; sleep 0.5; done' }));
    t.equal(agent.run(['job', 'run', '-detach', f]).code, 0);
    await waitFor(async () => ((await api<AllocStubJson[]>(agent, '/v1/job/two/allocations')).filter((a) => a.ClientStatus === 'running').length === 2 ? true : undefined), 'both allocations running');
    const r = agent.run(['job', 'logs', '-f', 'two']);
    t.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const prefixes = lines.map((l) => /^([0-9a-f]{8})\/t \| n \d+$/.exec(l)?.[1]);
    t.ok(prefixes.every((p) => p !== undefined), 'every line is prefixed with alloc/task');
    t.equal(new Set(prefixes).size, 2, 'two allocations');
    t.equal(lines.length, 80, 'every line of both');
    let switches = 0;
    for (let i = 1; i < prefixes.length; i++) if (prefixes[i] !== prefixes[i - 1]) switches++;
    t.ok(switches >= 2, `lines of the two allocations interleave (${switches} switches)`);
  });

  await t.test('job history -p shows the diff between versions; scale', async (t) => {
    const f = await write('hist.hcl', shellJob({ id: 'hist', mark: MARK, script: 'sleep 600' }));
    t.equal(agent.run(['job', 'run', '-detach', f]).code, 0);
    const scale = agent.run(['job', 'scale', '-detach', 'hist', '2']);
    t.equal(scale.code, 0, scale.stderr);
    const h = agent.run(['job', 'history', '-p', 'hist']);
    t.equal(h.code, 0, h.stderr);
    t.match(h.stdout, /Version\s+= 1[\s\S]*Diff\s+=\n\+\/- Job: "hist"\n\+\/- Task Group: "g"[\s\S]*\+\/- Count: "1" => "2"/);
    t.match(h.stdout, /Version\s+= 0/);
    const hj = runJson<{ Versions: Array<{ Version: number }>; Diffs: Array<{ Type: string } | null> }>(agent, ['job', 'history', '-p', 'hist']);
    t.same(hj.Versions.map((v) => v.Version), [1, 0]);
    t.equal(hj.Diffs[0]?.Type, 'Edited');
    const purge = agent.run(['job', 'stop', '-purge', 'hist']);
    t.equal(purge.code, 0, purge.stderr);
    const gone = agent.run(['job', 'status', 'hist']);
    t.equal(gone.code, 1, 'a purged job is gone');
    t.match(gone.stderr, /No job with prefix "hist" found/);
  });

  await t.test('job status of a periodic parent shows its children', async (t) => {
    const f = await write('cron.hcl', `job "cron" {\n  type = "batch"\n  periodic {\n    crons = ["0 0 1 1 *"]\n  }\n  group "g" {\n    task "t" {\n      driver = "raw_exec"\n      config { command = "/bin/true" }\n    }\n  }\n}\n`);
    const run = agent.run(['job', 'run', f]);
    t.equal(run.code, 0, run.stderr);
    const s = agent.run(['job', 'status', 'cron']);
    t.equal(s.code, 0, s.stderr);
    t.match(s.stdout, /Periodic\s+= true/);
    t.match(s.stdout, /Children Job Summary\nPending\s+Running\s+Dead\n0\s+0\s+0/);
    t.match(s.stdout, /Previously Launched Jobs\nNo instances of the job have been launched/);
  });

  await t.test('job init (+ -short) writes files that job validate accepts; job explain', async (t) => {
    const full = join(dir, 'example.nomad.hcl');
    const init = runCli(['job', 'init', full]);
    t.equal(init.code, 0, init.stderr);
    t.match(await readFile(full, 'utf8'), /^# /);
    t.equal(runCli(['job', 'init', full]).code, 1, 'an existing file is not overwritten');
    const short = join(dir, 'short.nomad.hcl');
    t.equal(runCli(['job', 'init', '-short', short]).code, 0);
    t.notMatch(await readFile(short, 'utf8'), /#/, '-short has no comments');
    for (const f of [full, short]) {
      const v = runCli(['job', 'validate', f]);
      t.equal(v.code, 0, v.stderr);
      t.match(v.stdout, /Job validation successful/);
    }
    const broken = await write('broken.hcl', 'job "x" {\n  group "g" {\n    count = -1\n    task "t" {\n      driver = "raw_exec"\n    }\n  }\n}\n');
    const bad = runCli(['job', 'validate', broken]);
    t.equal(bad.code, 1);
    const explain = runCli(['job', 'explain', 'job.group.task.resources.memory']);
    t.equal(explain.code, 0, explain.stderr);
    t.match(explain.stdout, /JSON: Job\.TaskGroups\[\]\.Tasks\[\]\.Resources\.MemoryMB/);
  });
});
