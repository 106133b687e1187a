/**
 * Read commands against a real dev agent: node status / -self / eligibility, eval list /
 * status, status <prefix> (through /v1/search), ambiguous prefixes listing candidates, -json
 * of every read command, NOMAD_ADDR fallback and flag-over-env precedence.
 */
import t from 'tap';
import { startDevAgent, waitFor } from '../support/agent.js';
import { api, jobFiles, killMarked, marker, runJson, shellJob } from './support.js';
import type { AllocStubJson } from './support.js';

const MARK = marker('read');

t.test('read commands against a dev agent', async (t) => {
  const agent = await startDevAgent(t);
  killMarked(t, MARK);
  const { write } = await jobFiles(t);

  const ok = await write('ok.hcl', shellJob({ id: 'ok', type: 'batch', mark: MARK, script: 'echo fine' }));
  const run = agent.run(['job', 'run', ok]);
  t.equal(run.code, 0, `job run exits 0 (${run.stderr})`);

  await t.test('node status, -self, eligibility', async (t) => {
    const list = runJson<Array<{ ID: string; Status: string }>>(agent, ['node', 'status']);
    t.equal(list.length, 1);
    const id = list[0]!.ID;
    const table = agent.run(['node', 'status']);
    t.match(table.stdout, new RegExp(`^ID\\s+Node Pool\\s+DC\\s+Name[\\s\\S]*\\n${id.slice(0, 8)}\\s+default\\s+dc1`));
    const self = agent.run(['node', 'status', '-self']);
    t.equal(self.code, 0, self.stderr);
    t.match(self.stdout, new RegExp(`ID\\s+= ${id}`));
    t.match(self.stdout, /Drivers\s+= .*raw_exec/);
    const one = runJson<{ Node: { ID: string }; Allocations: unknown[] }>(agent, ['node', 'status', id.slice(0, 6)]);
    t.equal(one.Node.ID, id);
    const off = agent.run(['node', 'eligibility', '-disable', id.slice(0, 8)]);
    t.equal(off.code, 0, off.stderr);
    t.match(off.stdout, /ineligible/);
    t.equal(runJson<{ Node: { SchedulingEligibility: string } }>(agent, ['node', 'status', id]).Node.SchedulingEligibility, 'ineligible');
    t.equal(agent.run(['node', 'eligibility', '-enable', '-self']).code, 0);
    t.equal(runJson<{ Node: { SchedulingEligibility: string } }>(agent, ['node', 'status', id]).Node.SchedulingEligibility, 'eligible');
    const neither = agent.run(['node', 'eligibility', id]);
    t.equal(neither.code, 1);
  });

  await t.test('eval list and eval status', async (t) => {
    const evals = runJson<Array<{ ID: string; JobID: string; Status: string }>>(agent, ['eval', 'list']);
    const ok = evals.find((e) => e.JobID === 'ok');
    t.ok(ok, 'the eval of job "ok" is listed');
    const table = agent.run(['eval', 'list', '-job', 'ok']);
    t.match(table.stdout, /^ID\s+Priority\s+Triggered By\s+Job ID/);
    t.match(table.stdout, new RegExp(`${ok!.ID.slice(0, 8)}\\s+50\\s+job-register\\s+ok`));
    const st = agent.run(['eval', 'status', ok!.ID.slice(0, 8)]);
    t.equal(st.code, 0, st.stderr);
    t.match(st.stdout, /Status\s+= complete/);
    t.equal(runJson<{ ID: string }>(agent, ['eval', 'status', ok!.ID.slice(0, 8)]).ID, ok!.ID);
  });

  await t.test('status <prefix> finds the object through /v1/search; ambiguous prefixes list candidates', async (t) => {
    const body = await api<{ Matches: Record<string, string[]>; Truncations: Record<string, boolean> }>(agent, '/v1/search', { method: 'POST', body: JSON.stringify({ Prefix: 'o', Context: 'jobs' }) });
    t.same(body.Matches, { jobs: ['ok'] });
    t.same(body.Truncations, { jobs: false });
    const job = agent.run(['status', 'ok']);
    t.equal(job.code, 0, job.stderr);
    t.match(job.stdout, /ID\s+= ok/);
    const node = runJson<Array<{ ID: string }>>(agent, ['node', 'status'])[0]!.ID;
    t.match(agent.run(['status', node.slice(0, 8)]).stdout, /Drivers\s+=/, 'a node prefix shows the node');
    const nothing = agent.run(['status', 'zzz-nothing']);
    t.equal(nothing.code, 1);
    t.match(nothing.stderr, /No job\(s\), allocation\(s\), node\(s\) or evaluation\(s\) with prefix or ID "zzz-nothing" found/);
    // find a one-character prefix shared by two evaluations (make more evaluations if needed)
    const shared = await waitFor(async () => {
      const ids = (await api<Array<{ ID: string }>>(agent, '/v1/evaluations')).map((e) => e.ID);
      const c = [...'0123456789abcdef'].find((ch) => ids.filter((id) => id.startsWith(ch)).length >= 2);
      if (c === undefined) await api(agent, '/v1/job/ok/evaluate', { method: 'POST', body: '{}' });
      return c;
    }, 'two evaluations sharing a first character');
    const amb = agent.run(['eval', 'status', shared]);
    t.equal(amb.code, 1);
    t.match(amb.stderr, new RegExp(`Prefix "${shared}" matched multiple evaluations:\\n\\n  ${shared}[0-9a-f-]{35}  \\S+  \\w+\\n  ${shared}`));
    const ambStatus = agent.run(['status', shared]);
    t.equal(ambStatus.code, 1);
    t.match(ambStatus.stderr, /matched multiple objects/);
  });

  await t.test('-json output of every read command parses', async (t) => {
    const alloc = (await api<AllocStubJson[]>(agent, '/v1/job/ok/allocations'))[0]!.ID;
    const ev = (await api<Array<{ ID: string }>>(agent, '/v1/evaluations'))[0]!.ID;
    const node = (await api<Array<{ ID: string }>>(agent, '/v1/nodes'))[0]!.ID;
    const commands = [['job', 'status'], ['job', 'status', 'ok'], ['job', 'inspect', 'ok'], ['job', 'history', 'ok'], ['alloc', 'status', alloc],
      ['node', 'status'], ['node', 'status', node], ['eval', 'list'], ['eval', 'status', ev], ['status'], ['status', 'ok']];
    for (const c of commands) {
      const r = agent.run([...c, '-json']);
      t.equal(r.code, 0, `${c.join(' ')} -json exits 0 (${r.stderr})`);
      t.doesNotThrow(() => JSON.parse(r.stdout), `${c.join(' ')} -json parses`);
    }
  });

  await t.test('NOMAD_ADDR is a fallback for DROVER_ADDR; flags override the environment', async (t) => {
    const viaNomad = agent.run(['node', 'status'], { env: { DROVER_ADDR: '', NOMAD_ADDR: agent.address } });
    t.equal(viaNomad.code, 0, viaNomad.stderr);
    const dead = 'http://127.0.0.1:9';
    const envWins = agent.run(['node', 'status'], { env: { DROVER_ADDR: dead } });
    t.equal(envWins.code, 1, 'DROVER_ADDR is used');
    t.match(envWins.stderr, /127\.0\.0\.1:9/);
    const droverBeforeNomad = agent.run(['node', 'status'], { env: { DROVER_ADDR: dead, NOMAD_ADDR: agent.address } });
    t.equal(droverBeforeNomad.code, 1, 'DROVER_ADDR wins over NOMAD_ADDR');
    const flag = agent.run(['node', 'status', '-address', agent.address], { env: { DROVER_ADDR: dead } });
    t.equal(flag.code, 0, `-address wins over the environment (${flag.stderr})`);
  });

});
