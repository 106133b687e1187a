/**
 * Crash durability of the embedded store: `drover agent -dev` (LMDB) is killed with SIGKILL
 * while clients register jobs with unique IDs through the HTTP API. Outcomes are recorded as
 * ok (200), fail (definite 4xx) or info (error/5xx: indeterminate). After a restart on the same
 * data dir every ok job is present, no job that was never submitted appears, and every present
 * job is scheduled (pending evals left by the crash are restored and processed).
 */
import t from 'tap';
import { startAgent, waitFor, tempDir } from '../support/agent.js';
import { call, getJson, killed, mockJob } from './cluster.js';

interface AllocStub { JobID: string; DesiredStatus: string }
interface EvalStub { JobID: string; Status: string }

const WRITERS = 4;
const KILL_AFTER_OK = 40;

t.test('every acknowledged job survives kill -9 of a -dev agent and gets scheduled', async (t) => {
  const dataDir = await tempDir(t, 'drover-durability-');
  const first = await startAgent(t, ['-dev'], dataDir);
  await waitFor(async () => ((await getJson<Array<{ Status: string }>>(first.address, '/v1/nodes')).some((n) => n.Status === 'ready') ? true : undefined), 'the dev node', 60_000);

  const submitted = new Set<string>();
  const ok = new Set<string>();
  const failed = new Set<string>();
  const info = new Set<string>();
  let stop = false;
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const id = `dur-${w}-${i}`;
      submitted.add(id);
      try {
        const r = await call(first.address, 'PUT', '/v1/jobs', { Job: mockJob(id) }, {}, 10_000);
        if (r.status === 200) ok.add(id);
        else if (r.status >= 400 && r.status < 500) failed.add(id);
        else info.add(id);
      } catch {
        info.add(id);
        return; // the agent is gone
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await waitFor(() => (ok.size >= KILL_AFTER_OK ? true : undefined), `${KILL_AFTER_OK} acknowledged jobs`, 120_000);
  await killed(first);
  stop = true;
  await Promise.all(writers);
  t.comment(`before the kill: ${submitted.size} submitted, ${ok.size} ok, ${failed.size} fail, ${info.size} info`);
  t.equal(failed.size, 0, 'no definite failures');

  const second = await startAgent(t, ['-dev'], dataDir);
  const present = new Set((await getJson<Array<{ ID: string }>>(second.address, '/v1/jobs')).map((j) => j.ID));
  const missing = [...ok].filter((id) => !present.has(id));
  t.same(missing, [], `every acknowledged job is present after restart (${ok.size} ok, ${present.size} present)`);
  t.same([...present].filter((id) => !submitted.has(id)), [], 'no job that was never submitted is present');
  const evalsAtStart = await getJson<EvalStub[]>(second.address, '/v1/evaluations');
  const pendingAtStart = evalsAtStart.filter((e) => e.Status === 'pending').length;
  t.comment(`info jobs present: ${[...info].filter((id) => present.has(id)).length}/${info.size}; evals pending at restart: ${pendingAtStart}`);

  await waitFor(async () => {
    const allocs = await getJson<AllocStub[]>(second.address, '/v1/allocations');
    const placed = new Set(allocs.filter((a) => a.DesiredStatus === 'run').map((a) => a.JobID));
    const evals = await getJson<EvalStub[]>(second.address, '/v1/evaluations');
    return [...present].every((id) => placed.has(id)) && !evals.some((e) => e.Status === 'pending') ? true : undefined;
  }, 'every present job to be scheduled after restart', 120_000);
  t.pass(`all ${present.size} present jobs have allocations and no eval is pending`);
});
