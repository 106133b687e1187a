/**
 * Node reconciler specification (system and sysbatch): one allocation per group per eligible node.
 */
import t from 'tap';
import type { Allocation, Job, Node } from '../../api/structs/index.js';
import { reconcileNodes } from '../../server/scheduler/reconcile/node-reconcile.js';
import type { NodeReconcileInput } from '../../server/scheduler/reconcile/node-reconcile.js';
import type { NodeTaint } from '../../server/scheduler/reconcile/index.js';
import { mockAllocFor, mockNode, mockSysBatchJob, mockSystemJob, mockTask, withGroup } from '../mock/index.js';

const nodes = [0, 1, 2].map((i) => mockNode({ ID: `node-${i}`, Name: `node-${i}` }));
const job = mockSystemJob();
const on = (node: Node, overrides: Partial<Allocation> = {}, j: Job = job): Allocation =>
  mockAllocFor(j, node, 0, { ID: `alloc-${node.ID}-${overrides.ClientStatus ?? 'running'}-${j.Version}`, ...overrides });

function input(j: Job | undefined, allocs: Allocation[], opts: { eligible?: Node[]; tainted?: Record<string, NodeTaint>; versions?: Job[]; batch?: boolean } = {}): NodeReconcileInput {
  const all = [...nodes, ...(opts.eligible ?? [])];
  return {
    job: j,
    jobVersion: (v) => (opts.versions ?? [job]).find((x) => x.Version === v),
    existingAllocs: allocs,
    eligibleNodes: opts.eligible ?? nodes,
    nodeOf: (id) => all.find((n) => n.ID === id),
    taintedNodes: new Map(Object.entries(opts.tainted ?? {})),
    batch: opts.batch ?? false,
  };
}
const placedOn = (r: ReturnType<typeof reconcileNodes>): string[] => r.place.map((p) => p.nodeId).sort();
const stopped = (r: ReturnType<typeof reconcileNodes>): string[] => r.stop.map((s) => `${s.alloc.NodeID}:${s.clientStatus ?? s.description}`).sort();

t.test('every eligible node without the group gets one placement named <job>.<group>[0]', async (t) => {
  const r = reconcileNodes(input(job, [on(nodes[0]!)]));
  t.same(placedOn(r), ['node-1', 'node-2']);
  t.ok(r.place.every((p) => p.name === 'my-system-job.web[0]'));
  t.same(r.desiredTGUpdates.web, { Ignore: 1, Place: 2, Migrate: 0, Stop: 0, InPlaceUpdate: 0, DestructiveUpdate: 0, Canary: 0, Preemptions: 0 });
});

t.test('a second live allocation on a node is stopped', async (t) => {
  const r = reconcileNodes(input(job, [on(nodes[0]!), on(nodes[0]!, { ID: 'dup', CreateIndex: 9 }), on(nodes[1]!), on(nodes[2]!)]));
  t.same(r.stop.map((s) => s.alloc.ID), ['dup']);
});

t.test('down node: lost, not replaced; draining node: kept unless marked for migration', async (t) => {
  const eligible = [nodes[2]!];
  const r = reconcileNodes(input(job, [on(nodes[0]!), on(nodes[1]!, { DesiredTransition: { Migrate: true } }), on(nodes[2]!)], { eligible, tainted: { 'node-0': 'down', 'node-1': 'draining' } }));
  t.same(stopped(r), ['node-0:lost', 'node-1:alloc is being migrated']);
  t.same(r.place, []);
});

t.test('new version: in-place when tasks are unchanged, destructive otherwise', async (t) => {
  const v1 = withGroup({ ...job, Version: 1 }, { Meta: { ...job.TaskGroups[0]!.Meta }, RestartPolicy: { ...job.TaskGroups[0]!.RestartPolicy, Attempts: 9 } });
  const inplace = reconcileNodes(input(v1, nodes.map((n) => on(n)), { versions: [job, v1] }));
  t.equal(inplace.inplaceUpdate.length, 3);
  const v2 = withGroup({ ...job, Version: 2 }, { Tasks: [mockTask({ Driver: 'raw_exec' })] });
  const destructive = reconcileNodes(input(v2, nodes.map((n) => on(n)), { versions: [job, v2] }));
  t.equal(destructive.destructiveUpdate.length, 3);
});

t.test('sysbatch: a successful run is final on its node; a failed one is placed again', async (t) => {
  const sys = mockSysBatchJob();
  const r = reconcileNodes(input(sys, [on(nodes[0]!, { ClientStatus: 'complete' }, sys), on(nodes[1]!, { ClientStatus: 'failed' }, sys)], { versions: [sys], batch: true }));
  t.same(placedOn(r), ['node-1', 'node-2']);
  t.equal(r.place.find((p) => p.nodeId === 'node-1')?.previousAlloc?.ClientStatus, 'failed');
});

t.test('stopped job: every allocation stopped', async (t) => {
  const r = reconcileNodes(input({ ...job, Stop: true }, nodes.map((n) => on(n))));
  t.equal(r.stop.length, 3);
  t.same(r.place, []);
});
