/**
 * The scheduling pipeline end to end in one process: register nodes and a job, and watch the
 * broker, a worker thread, the plan applier and the store turn it into allocations.
 */
import t from 'tap';
import { isTerminal } from '../../api/structs/index.js';
import { registerJob, deregisterJob } from '../../server/endpoints/jobs.js';
import { registerNode, setNodeStatus } from '../../server/endpoints/nodes.js';
import { mockJob, mockNode, withGroup } from '../mock/index.js';
import { startTestServer, waitUntil } from '../support/server.js';

const running = (s: { store: { allocsByJob(ns: string, id: string): readonly { DesiredStatus: string; ClientStatus: string }[] } }, id = 'my-job') =>
  s.store.allocsByJob('default', id).filter((a) => !isTerminal(a as never));

t.test('a registered job is placed by a worker and committed by the plan applier', async (t) => {
  const server = await startTestServer(t, { numSchedulers: 2 });
  for (let i = 0; i < 5; i++) await registerNode(server, mockNode());
  const res = await registerJob(server, mockJob());
  t.ok(res.EvalID, 'register returns the evaluation ID');
  await waitUntil(server, () => server.store.evalById(res.EvalID)?.Status === 'complete', 'eval complete');
  const allocs = running(server);
  t.equal(allocs.length, 10, 'count 10 -> 10 allocations');
  const names = server.store.allocsByJob('default', 'my-job').map((a) => a.Name).sort();
  t.same(names, Array.from({ length: 10 }, (_, i) => `my-job.web[${i}]`).sort(), 'allocations are named my-job.web[0..9]');
  for (const n of server.store.nodes()) {
    const cpu = server.store.allocsByNode(n.ID).filter((a) => !isTerminal(a)).reduce((s, a) => s + Object.values(a.AllocatedResources.Tasks).reduce((x, r) => x + r.Cpu.CpuShares, 0), 0);
    t.ok(cpu <= n.NodeResources.CPU.CpuShares - n.ReservedResources.CPU.CpuShares, `node ${n.Name} is not overcommitted`);
  }
});

t.test('scaling down stops the highest indexes; stopping the job stops everything', async (t) => {
  const server = await startTestServer(t);
  for (let i = 0; i < 3; i++) await registerNode(server, mockNode());
  const job = mockJob();
  const first = await registerJob(server, job);
  await waitUntil(server, () => server.store.evalById(first.EvalID)?.Status === 'complete', 'first eval complete');
  const second = await registerJob(server, withGroup(job, { Count: 4 }));
  await waitUntil(server, () => server.store.evalById(second.EvalID)?.Status === 'complete', 'second eval complete');
  t.same(running(server).map((a) => (a as unknown as { Name: string }).Name).sort(), ['my-job.web[0]', 'my-job.web[1]', 'my-job.web[2]', 'my-job.web[3]']);
  const stop = await deregisterJob(server, 'default', 'my-job', false);
  await waitUntil(server, () => server.store.evalById(stop.EvalID)?.Status === 'complete', 'stop eval complete');
  t.equal(running(server).length, 0, 'no allocation left running');
  t.equal(server.store.job('default', 'my-job')?.Stop, true, 'job is kept, stopped');
});

t.test('an unplaceable job gets a blocked eval that is released when capacity arrives', async (t) => {
  const server = await startTestServer(t);
  const job = mockJob({ Constraints: [{ LTarget: '${attr.kernel.name}', RTarget: 'plan9', Operand: '=' }] });
  await registerNode(server, mockNode());
  const res = await registerJob(server, withGroup(job, { Count: 2 }));
  await waitUntil(server, () => server.store.evalById(res.EvalID)?.Status === 'complete', 'eval complete');
  const ev = server.store.evalById(res.EvalID)!;
  t.ok(ev.FailedTGAllocs?.web, 'FailedTGAllocs explains the unplaced group');
  t.ok(ev.BlockedEval, 'a blocked eval was created');
  const blocked = server.store.evalById(ev.BlockedEval!);
  t.equal(blocked?.Status, 'blocked');
  const plan9 = mockNode();
  plan9.Attributes = { ...plan9.Attributes, 'kernel.name': 'plan9' };
  await registerNode(server, plan9);
  await waitUntil(server, () => running(server).length === 2, 'allocations placed on the new node');
  await waitUntil(server, () => server.store.evalById(ev.BlockedEval!)?.Status === 'complete', 'the blocked eval completes');
  t.pass('the blocked eval was released, ran and completed');
});

t.test('a node that goes down has its allocations replaced elsewhere', async (t) => {
  const server = await startTestServer(t);
  const a = mockNode();
  const b = mockNode();
  await registerNode(server, a);
  const res = await registerJob(server, withGroup(mockJob(), { Count: 2 }));
  await waitUntil(server, () => server.store.evalById(res.EvalID)?.Status === 'complete', 'eval complete');
  await registerNode(server, b);
  await setNodeStatus(server, a.ID, 'down', 'Node heartbeat missed');
  await waitUntil(server, () => running(server).length === 2 && running(server).every((x) => (x as unknown as { NodeID: string }).NodeID === b.ID), 'replacements on node b');
  const lost = server.store.allocsByNode(a.ID).filter((x) => x.ClientStatus === 'lost');
  t.equal(lost.length, 2, 'the allocations of the down node are lost');
});
