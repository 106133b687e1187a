import t from 'tap';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { startClient } from '../../client/agent.js';
import { MockDriver } from '../../drivers/mock/driver.js';
import type { DriverPlugin } from '../../plugins/driver.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { startFakeServer } from './fake-server.js';
import { tempDir, waitFor } from './helpers.js';

t.test('terminal allocs are garbage-collected and never run again', async (t) => {
  const fake = await startFakeServer();
  t.teardown(() => fake.close());
  const dataDir = await tempDir(t);
  const drivers = new Map<string, DriverPlugin>([['mock_driver', new MockDriver()]]);
  const agent = await startClient({ dataDir, servers: [fake.url], drivers, gcRetentionMs: 0, gcIntervalMs: 3_600_000 });
  t.teardown(() => agent.shutdown());
  await waitFor('registration', () => fake.nodes.has(agent.nodeId));
  const alloc = mockClientAlloc(agent.nodeId, [mockTask('t', 'mock_driver', {})]);
  fake.upsertAlloc(alloc);
  await waitFor('complete', () => fake.allocs.get(alloc.ID)?.ClientStatus === 'complete');
  await waitFor('runner finished', () => agent.allocRunner(alloc.ID)?.record.terminalAtMs !== undefined);
  const dir = join(dataDir, 'alloc', alloc.ID);
  await access(dir);
  await agent.gc();
  await t.rejects(access(dir), { code: 'ENOENT' }, 'alloc dir destroyed');
  t.equal(agent.allocRunner(alloc.ID), undefined, 'runner forgotten');
  fake.upsertAlloc({ ...fake.allocs.get(alloc.ID)!, ClientStatus: 'pending' });
  // a second alloc proves the client processed a pull that still listed the tombstoned one
  const marker = mockClientAlloc(agent.nodeId, [mockTask('m', 'mock_driver', {})]);
  fake.upsertAlloc(marker);
  await waitFor('marker alloc seen', () => agent.allocRunner(marker.ID));
  t.equal(agent.allocRunner(alloc.ID), undefined, 'a tombstoned alloc is not run again');
});
