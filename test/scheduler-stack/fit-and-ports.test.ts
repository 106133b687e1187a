/**
 * fitsOnNode (the plan applier's check) and port assignment.
 */
import t from 'tap';
import type { Allocation, Node } from '../../api/structs/index.js';
import { fitsOnNode } from '../../server/scheduler/fit.js';
import { createPrng } from '../../server/scheduler/feasible/shuffle.js';
import { NodeUsageTracker } from '../../server/scheduler/node-usage.js';
import { parsePortSpec } from '../../server/scheduler/ports.js';
import { PortAssigner } from '../../server/scheduler/rank/port-assign.js';
import { GrowingPlan, StackState, grant, stackAlloc, stackJob, stackNode } from '../mock/stack-fixtures.js';

const job = stackJob();
const IP = '192.168.0.100';

t.test('fitsOnNode dimensions, in Nomad order', async (t) => {
  const node = stackNode();
  const a = (cpu: number, mem: number, disk = 0, ports: number[] = [], patch: Partial<Allocation> = {}): Allocation =>
    stackAlloc(job, node, grant(cpu, mem, disk, ports.map((p) => ({ Label: `p${p}`, Value: p, HostIP: IP }))), patch);
  const rows: Array<[string, Node, Allocation[], ReturnType<typeof fitsOnNode>]> = [
    ['empty', node, [], { fits: true }],
    ['exactly full', node, [a(13900, 7936, 100 * 1024 - 4096)], { fits: true }],
    ['cpu', node, [a(13000, 100), a(1000, 100)], { fits: false, dimension: 'cpu' }],
    ['memory', node, [a(100, 7937)], { fits: false, dimension: 'memory' }],
    ['disk', node, [a(100, 100, 100 * 1024)], { fits: false, dimension: 'disk' }],
    ['cpu is reported before memory', node, [a(14000, 9000)], { fits: false, dimension: 'cpu' }],
    ['terminal allocations use nothing', node, [a(13900, 100), a(5000, 100, 0, [], { ClientStatus: 'failed' })], { fits: true }],
    ['max allocs', { ...node, NodeMaxAllocs: 1 }, [a(1, 1), a(1, 1)], { fits: false, dimension: 'max allocation exceeded' }],
    ['node reserved port', node, [a(1, 1, 0, [22])], { fits: false, dimension: `reserved node port collision: ${IP}:22` }],
    ['two allocs on one port', node, [a(1, 1, 0, [8080]), a(1, 1, 0, [8080])], { fits: false, dimension: `reserved alloc port collision: ${IP}:8080` }],
    ['distinct ports', node, [a(1, 1, 0, [8080]), a(1, 1, 0, [8081])], { fits: true }],
  ];
  for (const [name, n, allocs, want] of rows) t.same(fitsOnNode(n, allocs), want, name);
});

t.test('reserved port specs', async (t) => {
  t.same(parsePortSpec('22, 80-82,x,0,70000,9-8'), [22, 80, 81, 82]);
  t.same(parsePortSpec(''), []);
});

function assigner(node: Node, allocs: Allocation[] = [], seed = 7): PortAssigner {
  const state = new StackState([node], [job]);
  state.addAllocs(allocs);
  return new PortAssigner(node, new NodeUsageTracker(state, new GrowingPlan(), job).usage(node), createPrng(seed, seed));
}

t.test('dynamic ports avoid reserved and used ports and stay in range', async (t) => {
  const node = stackNode();
  node.NodeResources = { ...node.NodeResources, MinDynamicPort: 30000, MaxDynamicPort: 30004 };
  node.ReservedResources = { ...node.ReservedResources, Networks: { ReservedHostPorts: '22,30000-30001' } };
  const used = stackAlloc(job, node, grant(1, 1, 0, [{ Label: 'x', Value: 30002, HostIP: IP }]));
  const a = assigner(node, [used]);
  const got = a.assign([{ Mode: 'host', DynamicPorts: [{ Label: 'http', Value: 0, To: 0, HostNetwork: 'default' }, { Label: 'admin', Value: 0, To: -1, HostNetwork: 'default' }] }], true);
  t.ok(got.ok);
  if (!got.ok) return;
  t.same(got.ports.map((p) => p.Value).sort(), [30003, 30004], 'only the two free ports remain');
  const admin = got.ports.find((p) => p.Label === 'admin');
  t.equal(admin?.To, admin?.Value, 'To = -1 maps to the host port');
  const none = a.assign([{ Mode: 'host', DynamicPorts: [{ Label: 'extra', Value: 0, To: 0, HostNetwork: 'default' }] }], true);
  t.same(none, { ok: false, dimension: 'network: dynamic port selection failed' }, 'the range is exhausted');
});

t.test('static ports collide with reserved and used ports', async (t) => {
  const node = stackNode();
  const used = stackAlloc(job, node, grant(1, 1, 0, [{ Label: 'x', Value: 8080, HostIP: IP }]));
  const a = assigner(node, [used]);
  const ask = (label: string, value: number, ignore = false): ReturnType<PortAssigner['assign']> =>
    a.assign([{ Mode: 'host', ReservedPorts: [{ Label: label, Value: value, To: 0, HostNetwork: 'default', ...(ignore ? { IgnoreCollision: true } : {}) }] }], true);
  t.same(ask('ssh', 22), { ok: false, dimension: 'network: reserved port collision ssh=22' });
  t.same(ask('web', 8080), { ok: false, dimension: 'network: reserved port collision web=8080' });
  const ok = ask('alt', 8081);
  t.ok(ok.ok && ok.ports[0]?.Value === 8081 && ok.ports[0]?.HostIP === IP);
  t.same(ask('again', 8081), { ok: false, dimension: 'network: reserved port collision again=8081' }, 'ports granted to this allocation count');
  t.ok(ask('shared', 8080, true).ok, 'ignore_collision skips the check');
});

t.test('dynamic port picks are deterministic per seed', async (t) => {
  const node = stackNode();
  const pick = (seed: number): number[] => {
    const r = assigner(node, [], seed).assign([{ Mode: 'host', DynamicPorts: [{ Label: 'a', Value: 0, To: 0, HostNetwork: 'default' }, { Label: 'b', Value: 0, To: 0, HostNetwork: 'default' }] }], true);
    return r.ok ? r.ports.map((p) => p.Value) : [];
  };
  t.same(pick(1), pick(1));
  t.not(pick(1).join(), pick(2).join());
});

t.test('device instances are assigned once and never oversubscribed', async (t) => {
  const { createPlacementStack } = await import('../../server/scheduler/stack.js');
  const { GrowingPlan: Plan, stackGroup } = await import('../mock/stack-fixtures.js');
  const node = stackNode();
  node.NodeResources = { ...node.NodeResources, Devices: [{ Vendor: 'nvidia', Type: 'gpu', Name: 't4', InstanceIDs: ['gpu-0', 'gpu-1', 'gpu-2'] }] };
  const tg = stackGroup({ Count: 3, Networks: [] });
  const task = tg.Tasks[0];
  if (task !== undefined) task.Resources = { CPU: 100, MemoryMB: 100, Devices: [{ Name: 'nvidia/gpu', Count: 2 }] };
  const gpuJob = stackJob({ TaskGroups: [tg] });
  const state = new StackState([node], [gpuJob]);
  const plan = new Plan();
  const stack = createPlacementStack({ state, plan, job: gpuJob, batch: false, evalId: '9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99', snapshotIndex: 1 });
  const first = stack.select({ taskGroup: tg });
  t.ok(first.placed);
  if (!first.placed) return;
  t.same(first.resources.Tasks['web']?.Devices, [{ Vendor: 'nvidia', Type: 'gpu', Name: 't4', DeviceIDs: ['gpu-0', 'gpu-1'] }]);
  plan.place(stackAlloc(gpuJob, first.node, first.resources));
  const second = stack.select({ taskGroup: tg });
  t.equal(second.placed, false, 'one instance left, two asked');
  t.same(second.metric.DimensionExhausted, { 'devices: no free instances match request "nvidia/gpu"': 1 });
  const twice = [stackAlloc(job, node, first.resources), stackAlloc(job, node, first.resources)];
  t.same(fitsOnNode(node, twice), { fits: false, dimension: 'device oversubscribed' });
});

t.test('ports on a named host network bind on that network address', async (t) => {
  const node = stackNode();
  node.NodeResources = { ...node.NodeResources, Networks: [...(node.NodeResources.Networks ?? []), { Mode: 'host', Device: 'private', IP: '10.0.0.5' }] };
  const got = assigner(node).assign([{ Mode: 'host', ReservedPorts: [{ Label: 'db', Value: 5432, To: 0, HostNetwork: 'private' }] }], true);
  t.ok(got.ok);
  if (!got.ok) return;
  t.same(got.ports, [{ Label: 'db', Value: 5432, To: 0, HostIP: '10.0.0.5' }]);
  t.equal(got.networks[0]?.IP, '10.0.0.5');
});
