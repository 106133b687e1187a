/**
 * kill -9 recovery (reliability-and-security.md §1.4, Nomad's TestClientState_Kill): the agent
 * runs as a child process with a raw_exec task; after kill -9 and a restart on the same data dir
 * the task keeps its PID, Restarts stays 0 and no second copy was started.
 */
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { alive, killHard, startAgentProcess as startAgent } from './agent-process.js';
import { startFakeServer } from './fake-server.js';
import { tempDir, waitFor } from './helpers.js';

t.test('kill -9 of the agent: tasks are recovered, not restarted', async (t) => {
  const fake = await startFakeServer({ ttlMs: 1000 });
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  let { child, nodeId } = await startAgent(t, dataDir, fake.url);
  await waitFor('registration', () => fake.nodes.has(nodeId));

  const task = mockTask('sleeper', 'raw_exec', { command: '/bin/sh', args: ['-c', 'echo $$ >> "$NOMAD_ALLOC_DIR/data/pid"; exec sleep 600'] });
  const alloc = mockClientAlloc(nodeId, [task], { type: 'service', attempts: 3 });
  fake.upsertAlloc(alloc);
  const pidFile = join(dataDir, 'alloc', alloc.ID, 'alloc', 'data', 'pid');
  await waitFor('alloc running', () => fake.allocs.get(alloc.ID)?.ClientStatus === 'running', 20_000);
  const pid = Number((await waitFor('pid file', () => readFile(pidFile, 'utf8').catch(() => undefined))).trim());
  t.teardown(() => { if (alive(pid)) process.kill(pid, 'SIGKILL'); });
  t.ok(alive(pid), `task pid ${pid} alive`);

  for (let round = 1; round <= 2; round++) {
    await killHard(child);
    t.ok(alive(pid), `round ${round}: task survives kill -9 of the agent`);
    const updatesBefore = fake.updates.length;
    ({ child, nodeId } = await startAgent(t, dataDir, fake.url));
    await waitFor('restarted agent reports the alloc', () => fake.updates.length > updatesBefore && fake.allocs.get(alloc.ID)?.ClientStatus === 'running', 20_000);
    const state = fake.allocs.get(alloc.ID)?.TaskStates?.['sleeper'];
    t.equal(state?.State, 'running', `round ${round}: still running`);
    t.equal(state?.Restarts, 0, `round ${round}: restarts unchanged`);
    t.equal(state?.Events.filter((e) => e.Type === 'Started').length, 1, `round ${round}: started once`);
    t.equal((await readFile(pidFile, 'utf8')).trim().split('\n').length, 1, `round ${round}: one copy only`);
    t.ok(alive(pid), `round ${round}: same pid`);
  }

  // the recovered task is still under control: stopping the alloc kills it
  fake.upsertAlloc({ ...alloc, DesiredStatus: 'stop' });
  await waitFor('alloc complete', () => fake.allocs.get(alloc.ID)?.ClientStatus === 'complete', 20_000);
  await waitFor('task process gone', () => !alive(pid), 10_000);
  t.pass('stop after recovery killed the original process');
  await killHard(child);
});
