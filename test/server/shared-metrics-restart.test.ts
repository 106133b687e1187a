/**
 * Allocation Metrics shared per task group survive the round trip through the KV: the leader's
 * mirror keeps the committed plan objects, and a restarted server resolves `$metricsOf`
 * references back to one shared object per group.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { registerJob } from '../../server/endpoints/jobs.js';
import { registerNode } from '../../server/endpoints/nodes.js';
import { startServer } from '../../server/server.js';
import { mockJob, mockNode, withGroup } from '../mock/index.js';
import { waitUntil } from '../support/server.js';

t.test('every allocation explains its placement, before and after a restart', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'drover-metrics-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const first = await startServer({ dataDir, numSchedulers: 1, log: () => {} });
  await first.leadership;
  for (let i = 0; i < 3; i++) await registerNode(first, mockNode());
  const res = await registerJob(first, withGroup(mockJob(), { Count: 6 }));
  await waitUntil(first, () => first.store.evalById(res.EvalID)?.Status === 'complete', 'eval complete');
  const before = [...first.store.allAllocs()];
  t.equal(before.length, 6);
  t.ok(before.every((a) => a.Metrics !== undefined), 'every allocation has Metrics');
  t.equal(new Set(before.map((a) => a.Metrics)).size, 1, 'one shared object for the group');
  const snapshot = JSON.stringify(before.map((a) => [a.ID, a.Metrics]).sort());
  await first.close();

  const second = await startServer({ dataDir, numSchedulers: 0, log: () => {} });
  t.teardown(() => second.close());
  const after = [...second.store.allAllocs()];
  t.equal(JSON.stringify(after.map((a) => [a.ID, a.Metrics]).sort()), snapshot, 'same Metrics after a restart');
  t.equal(new Set(after.map((a) => a.Metrics)).size, 1, 'still shared');
  t.notOk(after.some((a) => '$metricsOf' in a), 'no reference keys on the records');
});
