/**
 * kill -9 while a task keeps restarting (Nomad's TestClientState_KillDuringRestart, shortened):
 * the restart counter the servers see never goes backwards and keeps progressing.
 */
import t from 'tap';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { killHard, startAgentProcess } from './agent-process.js';
import { startFakeServer } from './fake-server.js';
import { tempDir, waitFor } from './helpers.js';

t.test('kill -9 during restarts: the restart count never goes backwards', async (t) => {
  const fake = await startFakeServer({ ttlMs: 1000 });
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  let { child, nodeId } = await startAgentProcess(t, dataDir, fake.url);
  await waitFor('registration', () => fake.nodes.has(nodeId));
  const task = mockTask('flapper', 'raw_exec', { command: '/bin/sh', args: ['-c', 'sleep 0.2; exit 1'] });
  const alloc = mockClientAlloc(nodeId, [task], { type: 'service', attempts: 1000 });
  fake.upsertAlloc(alloc);
  const restarts = (): number => fake.allocs.get(alloc.ID)?.TaskStates?.['flapper']?.Restarts ?? 0;
  for (let round = 1; round <= 2; round++) {
    const before = restarts();
    await waitFor(`round ${round}: restarts progress`, () => restarts() >= before + 1, 20_000);
    await killHard(child);
    ({ child, nodeId } = await startAgentProcess(t, dataDir, fake.url));
  }
  const afterKills = restarts();
  await waitFor('progress after the last agent restart', () => restarts() > afterKills, 20_000);
  const seen = fake.updates.flat().filter((u) => u.ID === alloc.ID).map((u) => u.TaskStates['flapper']?.Restarts ?? 0);
  t.ok(seen.every((n, i) => i === 0 || n >= (seen[i - 1] ?? 0)), `restart counts in report order never decrease: ${seen.join(',')}`);
  fake.upsertAlloc({ ...alloc, DesiredStatus: 'stop' });
  await waitFor('alloc stopped', () => {
    const s = fake.allocs.get(alloc.ID)?.ClientStatus;
    return s === 'complete' || s === 'failed';
  }, 20_000);
  await killHard(child);
});
