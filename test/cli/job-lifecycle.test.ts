/**
 * The drover binary against a real dev agent: run, status, plan (diff and exit codes), scale,
 * revert, stop, logs, and -json output that parses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDevAgent, waitFor } from '../support/agent.js';

const batchJob = (id: string, msg: string): string => `job "${id}" {
  type = "batch"
  group "g" {
    task "t" {
      driver = "raw_exec"
      config {
        command = "/bin/sh"
        args    = ["-c", "echo ${msg} from $NOMAD_TASK_NAME"]
      }
    }
  }
}
`;

const serviceJob = (id: string, count: number, sleep: string): string => `job "${id}" {
  group "web" {
    count = ${count}
    task "sleeper" {
      driver = "raw_exec"
      config {
        command = "/bin/sleep"
        args    = ["${sleep}"]
      }
      resources {
        cpu    = 50
        memory = 32
      }
    }
  }
}
`;

t.test('drover CLI against a dev agent', async (t) => {
  const agent = await startDevAgent(t);
  const dir = await mkdtemp(join(tmpdir(), 'drover-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  await t.test('job run of a batch job completes and its logs are readable', async (t) => {
    const file = join(dir, 'hello.nomad.hcl');
    await writeFile(file, batchJob('hello', 'hi'));
    const run = agent.run(['job', 'run', file]);
    t.equal(run.code, 0, `job run exits 0 (stderr: ${run.stderr})`);
    t.match(run.stdout, /Monitoring evaluation/);
    t.match(run.stdout, /finished with status "complete"/);
    await waitFor(() => ((JSON.parse(agent.run(['job', 'status', '-json', 'hello']).stdout) as { Summary: { Summary: { g: { Complete: number } } } }).Summary.Summary.g.Complete === 1 ? true : undefined), 'batch allocation complete');
    const logs = agent.run(['job', 'logs', 'hello']);
    t.match(logs.stdout, /\/t \| hi from t/, `job logs prefixes lines with alloc/task (stderr: ${logs.stderr})`);
  });

  await t.test('job status -json parses and lists the job', async (t) => {
    const list = agent.run(['job', 'status', '-json']);
    t.equal(list.code, 0);
    const jobs = JSON.parse(list.stdout) as Array<{ ID: string }>;
    t.ok(jobs.some((j) => j.ID === 'hello'));
  });

  await t.test('plan exit codes: 1 with changes, 0 without, 255 on error', async (t) => {
    const file = join(dir, 'svc.nomad.hcl');
    await writeFile(file, serviceJob('svc', 2, '300'));
    const first = agent.run(['job', 'plan', file]);
    t.equal(first.code, 1, 'a new job is a change');
    t.match(first.stdout, /\+ Job: "svc"/);
    const idx = /Job Modify Index: (\d+)/.exec(first.stdout)?.[1];
    t.equal(idx, '0', 'a new job has modify index 0');
    const run = agent.run(['job', 'run', '-check-index', '0', file]);
    t.equal(run.code, 0, `run -check-index 0 registers (stderr: ${run.stderr})`);
    const again = agent.run(['job', 'plan', file]);
    t.equal(again.code, 0, 'an unchanged job plans with exit 0');
    await writeFile(file, serviceJob('svc', 2, '301'));
    const changed = agent.run(['job', 'plan', file]);
    t.equal(changed.code, 1);
    t.match(changed.stdout, /forces create\/destroy update/);
    const stale = agent.run(['job', 'run', '-check-index', '1', file]);
    t.equal(stale.code, 1, 'a stale check-index is refused');
    t.match(stale.stderr, /modify index/i);
    const broken = agent.run(['job', 'plan', join(dir, 'missing.hcl')]);
    t.equal(broken.code, 255, 'plan of a missing file exits 255');
  });

  await t.test('scale, revert and stop', async (t) => {
    const scale = agent.run(['job', 'scale', 'svc', 'web', '3']);
    t.equal(scale.code, 0, `scale exits 0 (${scale.stderr})`);
    const status = JSON.parse(agent.run(['job', 'status', '-json', 'svc']).stdout) as { Job: { TaskGroups: Array<{ Count: number }>; Version: number } };
    t.equal(status.Job.TaskGroups[0]!.Count, 3, 'count is now 3');
    const revert = agent.run(['job', 'revert', 'svc', '0']);
    t.equal(revert.code, 0, `revert exits 0 (${revert.stderr})`);
    const after = JSON.parse(agent.run(['job', 'status', '-json', 'svc']).stdout) as { Job: { TaskGroups: Array<{ Count: number }>; Version: number } };
    t.equal(after.Job.TaskGroups[0]!.Count, 2, 'revert restored count 2');
    t.ok(after.Job.Version >= 2, 'revert created a new version');
    const stop = agent.run(['job', 'stop', 'svc']);
    t.equal(stop.code, 0, `stop exits 0 (${stop.stderr})`);
    const stopped = JSON.parse(agent.run(['job', 'status', '-json', 'svc']).stdout) as { Job: { Stop: boolean } };
    t.equal(stopped.Job.Stop, true);
  });

  await t.test('placement failures exit 2 and say why', async (t) => {
    const file = join(dir, 'nowhere.nomad.hcl');
    await writeFile(file, `job "nowhere" {
  constraint {
    attribute = "\${attr.kernel.name}"
    value     = "plan9"
  }
  group "g" {
    task "t" {
      driver = "raw_exec"
      config { command = "/bin/true" }
    }
  }
}
`);
    const run = agent.run(['job', 'run', file]);
    t.equal(run.code, 2, 'exit code 2 for placement problems');
    t.match(run.stdout, /Constraint "\$\{attr\.kernel\.name\} = plan9": 1 nodes excluded by filter/);
  });

  await t.test('bad input is a located error with exit 1', async (t) => {
    const file = join(dir, 'typo.nomad.hcl');
    await writeFile(file, 'job "x" {\n  group "g" {\n    contraint {}\n  }\n}\n');
    const run = agent.run(['job', 'run', file]);
    t.equal(run.code, 1);
    t.match(run.stderr, /typo\.nomad\.hcl:3:5/);
    t.match(run.stderr, /did you mean "constraint"/);
  });
});
