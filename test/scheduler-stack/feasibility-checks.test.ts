/**
 * Feasibility checks one by one: each row is a node, a group ask and the expected verdict.
 */
import t from 'tap';
import type { Job, Node, TaskGroup } from '../../api/structs/index.js';
import { candidateNodes, datacenterMatches } from '../../server/scheduler/feasible/candidates.js';
import { groupConstraintCheck, jobConstraintCheck } from '../../server/scheduler/feasible/constraint-check.js';
import type { CheckContext, FeasibilityCheck, FilterResult } from '../../server/scheduler/feasible/contracts.js';
import { prepareChecks } from '../../server/scheduler/feasible/contracts.js';
import { deviceCheck } from '../../server/scheduler/feasible/device-check.js';
import { distinctHostsCheck } from '../../server/scheduler/feasible/distinct-hosts.js';
import { distinctPropertyCheck } from '../../server/scheduler/feasible/distinct-property.js';
import { driverCheck } from '../../server/scheduler/feasible/driver-check.js';
import { hostVolumeCheck } from '../../server/scheduler/feasible/host-volume-check.js';
import { networkCheck } from '../../server/scheduler/feasible/network-check.js';
import { NodeUsageTracker } from '../../server/scheduler/node-usage.js';
import { GrowingPlan, StackState, grant, stackAlloc, stackGroup, stackJob, stackNode } from '../mock/stack-fixtures.js';

function ctxFor(job: Job, state = new StackState([], [job]), plan = new GrowingPlan()): CheckContext {
  let epoch = 0;
  return { state, plan, job, usage: new NodeUsageTracker(state, plan, job), epoch: () => ++epoch };
}

/** run prepares one check for the group and runs it; 'n/a' when the group does not need it. */
function run(check: FeasibilityCheck<unknown>, node: Node, tg: TaskGroup, ctx: CheckContext): FilterResult | 'n/a' {
  const [prepared] = prepareChecks([check], tg, ctx);
  return prepared === undefined ? 'n/a' : prepared.run(node);
}

const OK: FilterResult = { ok: true };
const withTask = (patch: Partial<TaskGroup['Tasks'][number]>): TaskGroup => {
  const tg = stackGroup();
  tg.Tasks = [{ ...(tg.Tasks[0] as TaskGroup['Tasks'][number]), ...patch }];
  return tg;
};

t.test('driver check', async (t) => {
  const job = stackJob();
  const ctx = ctxFor(job);
  const unhealthy = stackNode({ Drivers: { exec: { Attributes: {}, Detected: true, Healthy: false, HealthDescription: 'broken', UpdateTime: '' } } });
  const attrOnly = stackNode({ Drivers: {}, Attributes: { 'driver.docker': 'true' } });
  const rows: Array<[string, Node, TaskGroup, FilterResult | 'n/a']> = [
    ['detected and healthy', stackNode(), stackGroup(), OK],
    ['detected but unhealthy', unhealthy, stackGroup(), { ok: false, reason: 'missing drivers' }],
    ['missing driver', stackNode(), withTask({ Driver: 'qemu' }), { ok: false, reason: 'missing drivers' }],
    ['attribute fallback', attrOnly, withTask({ Driver: 'docker' }), OK],
    ['attribute false', stackNode({ Drivers: {}, Attributes: { 'driver.docker': '0' } }), withTask({ Driver: 'docker' }), { ok: false, reason: 'missing drivers' }],
  ];
  for (const [name, node, tg, want] of rows) t.same(run(driverCheck, node, tg, ctx), want, name);
});

t.test('job, group and task constraints', async (t) => {
  const node = stackNode();
  const job = stackJob({ Constraints: [{ LTarget: '${attr.kernel.name}', RTarget: 'windows', Operand: '=' }] });
  const ctx = ctxFor(job);
  t.same(run(jobConstraintCheck, node, stackGroup(), ctx), { ok: false, reason: '${attr.kernel.name} = windows' });
  const tgC = stackGroup({ Constraints: [{ LTarget: '${meta.database}', RTarget: 'mysql', Operand: '=' }] });
  t.same(run(groupConstraintCheck, node, tgC, ctx), OK);
  const taskC = withTask({ Constraints: [{ LTarget: '${attr.arch}', RTarget: 'arm', Operand: '=' }] });
  t.same(run(groupConstraintCheck, node, taskC, ctx), { ok: false, reason: '${attr.arch} = arm' });
  t.equal(run(groupConstraintCheck, node, stackGroup(), ctx), 'n/a', 'no group constraints: check not prepared');
  const placementOnly = stackGroup({ Constraints: [{ LTarget: '', RTarget: 'true', Operand: 'distinct_hosts' }] });
  t.equal(run(groupConstraintCheck, node, placementOnly, ctx), 'n/a', 'distinct_hosts is not a value constraint');
  const [escaped] = prepareChecks([groupConstraintCheck], stackGroup({ Constraints: [{ LTarget: '${node.unique.id}', RTarget: node.ID, Operand: '=' }] }), ctx);
  t.equal(escaped?.scope, 'node', 'a unique-target constraint is checked per node');
  const [cached] = prepareChecks([groupConstraintCheck], tgC, ctx);
  t.equal(cached?.scope, 'class', 'class-level constraints are memoized per computed class');
});

t.test('network check', async (t) => {
  const ctx = ctxFor(stackJob());
  const bridge = stackGroup({ Networks: [{ Mode: 'bridge' }] });
  const withCni = stackNode({ Attributes: { ...stackNode().Attributes, 'plugins.cni.version.bridge': '1.0.0' } });
  const hostNet = stackGroup({ Networks: [{ Mode: 'host', ReservedPorts: [{ Label: 'db', Value: 5432, To: 0, HostNetwork: 'private' }] }] });
  const privateNode = stackNode();
  privateNode.NodeResources = { ...privateNode.NodeResources, Networks: [...(privateNode.NodeResources.Networks ?? []), { Mode: 'host', Device: 'private', IP: '10.0.0.5' }] };
  const rows: Array<[string, Node, TaskGroup, FilterResult | 'n/a']> = [
    ['host mode without host networks needs no check', stackNode(), stackGroup(), 'n/a'],
    ['bridge missing', stackNode(), bridge, { ok: false, reason: 'missing network mode bridge' }],
    ['bridge via CNI plugin', withCni, bridge, OK],
    ['named host network missing', stackNode(), hostNet, { ok: false, reason: 'missing host network "private" for port "db"' }],
    ['named host network present', privateNode, hostNet, OK],
    ['mode none', stackNode(), stackGroup({ Networks: [{ Mode: 'none' }] }), OK],
  ];
  for (const [name, node, tg, want] of rows) t.same(run(networkCheck, node, tg, ctx), want, name);
});

t.test('device check', async (t) => {
  const ctx = ctxFor(stackJob());
  const gpuNode = stackNode();
  gpuNode.NodeResources = { ...gpuNode.NodeResources, Devices: [{ Vendor: 'nvidia', Type: 'gpu', Name: '1080ti', InstanceIDs: ['a', 'b'], Attributes: { memory: '11264' } }] };
  const ask = (name: string, count: number, constraints?: Array<{ LTarget: string; RTarget: string; Operand: string }>): TaskGroup =>
    withTask({ Resources: { CPU: 100, MemoryMB: 100, Devices: [{ Name: name, Count: count, ...(constraints ? { Constraints: constraints } : {}) }] } });
  const rows: Array<[string, Node, TaskGroup, FilterResult | 'n/a']> = [
    ['no device ask', gpuNode, stackGroup(), 'n/a'],
    ['by type', gpuNode, ask('gpu', 2), OK],
    ['by vendor/type/name', gpuNode, ask('nvidia/gpu/1080ti', 1), OK],
    ['too many', gpuNode, ask('gpu', 3), { ok: false, reason: 'missing devices' }],
    ['wrong vendor', gpuNode, ask('amd/gpu', 1), { ok: false, reason: 'missing devices' }],
    ['attribute constraint holds', gpuNode, ask('gpu', 1, [{ LTarget: '${device.attr.memory}', RTarget: '8000', Operand: '>=' }]), OK],
    ['attribute constraint fails', gpuNode, ask('gpu', 1, [{ LTarget: '${device.attr.memory}', RTarget: '16000', Operand: '>=' }]), { ok: false, reason: 'missing devices' }],
    ['node without devices', stackNode(), ask('gpu', 1), { ok: false, reason: 'missing devices' }],
  ];
  for (const [name, node, tg, want] of rows) t.same(run(deviceCheck, node, tg, ctx), want, name);
});

t.test('host volume check', async (t) => {
  const ctx = ctxFor(stackJob());
  const node = stackNode({ HostVolumes: { data: { Name: 'data', Path: '/srv/data', ReadOnly: false }, certs: { Name: 'certs', Path: '/etc/certs', ReadOnly: true } } });
  const vol = (source: string, readOnly: boolean): TaskGroup => stackGroup({ Volumes: { v: { Type: 'host', Source: source, ReadOnly: readOnly } } });
  const rows: Array<[string, Node, TaskGroup, FilterResult | 'n/a']> = [
    ['no volumes', node, stackGroup(), 'n/a'],
    ['present, writable', node, vol('data', false), OK],
    ['read-only volume, read-only ask', node, vol('certs', true), OK],
    ['read-only volume, writable ask', node, vol('certs', false), { ok: false, reason: 'missing compatible host volumes' }],
    ['absent', node, vol('logs', true), { ok: false, reason: 'missing compatible host volumes' }],
    ['csi volumes are not host volumes', node, stackGroup({ Volumes: { v: { Type: 'csi', Source: 'ebs' } } }), 'n/a'],
  ];
  for (const [name, n, tg, want] of rows) t.same(run(hostVolumeCheck, n, tg, ctx), want, name);
});

t.test('distinct_hosts counts committed and planned allocations', async (t) => {
  const [a, b, c] = [stackNode(), stackNode(), stackNode()] as [Node, Node, Node];
  const jobLevel = stackJob({ Constraints: [{ LTarget: '', RTarget: '', Operand: 'distinct_hosts' }] });
  const state = new StackState([a, b, c], [jobLevel]);
  const api = stackJob({ ID: 'my-job', TaskGroups: [stackGroup({ Name: 'api' })] });
  state.addAllocs([stackAlloc(api, a, grant(100, 100), { TaskGroup: 'api' })]);
  const plan = new GrowingPlan();
  plan.place(stackAlloc(jobLevel, b, grant(100, 100)));
  const ctx = ctxFor(jobLevel, state, plan);
  const tg = stackGroup();
  t.same(run(distinctHostsCheck, a, tg, ctx), { ok: false, reason: 'distinct_hosts' }, 'another group of the job is committed there');
  t.same(run(distinctHostsCheck, b, tg, ctx), { ok: false, reason: 'distinct_hosts' }, 'the plan already places there');
  t.same(run(distinctHostsCheck, c, tg, ctx), OK);

  const groupLevel = stackJob({ Constraints: [] });
  const ctx2 = ctxFor(groupLevel, state, new GrowingPlan());
  const tg2 = stackGroup({ Constraints: [{ LTarget: '', RTarget: 'true', Operand: 'distinct_hosts' }] });
  t.same(run(distinctHostsCheck, a, tg2, ctx2), OK, 'group level: an alloc of another group does not count');
  t.equal(run(distinctHostsCheck, a, stackGroup({ Constraints: [{ LTarget: '', RTarget: 'false', Operand: 'distinct_hosts' }] }), ctx2), 'n/a', 'RTarget false disables');
});

t.test('distinct_property allows RTarget allocations per value', async (t) => {
  const r1a = stackNode({ Meta: { rack: 'r1' } });
  const r1b = stackNode({ Meta: { rack: 'r1' } });
  const r2 = stackNode({ Meta: { rack: 'r2' } });
  const norack = stackNode({ Meta: {} });
  const job = stackJob({ Constraints: [{ LTarget: '${meta.rack}', RTarget: '2', Operand: 'distinct_property' }] });
  const state = new StackState([r1a, r1b, r2, norack], [job]);
  state.addAllocs([stackAlloc(job, r1a, grant(100, 100))]);
  const plan = new GrowingPlan();
  const ctx = ctxFor(job, state, plan);
  const tg = stackGroup();
  const reason = '${meta.rack} distinct_property 2';
  t.same(run(distinctPropertyCheck, r1b, tg, ctx), OK, 'r1 has 1 of 2');
  plan.place(stackAlloc(job, r1b, grant(100, 100)));
  t.same(run(distinctPropertyCheck, r1b, tg, ctx), { ok: false, reason }, 'r1 is full once the plan adds one');
  t.same(run(distinctPropertyCheck, r2, tg, ctx), OK);
  t.same(run(distinctPropertyCheck, norack, tg, ctx), { ok: false, reason }, 'a node without the property is rejected');
  plan.stop(state.allocsByNode(r1a.ID)[0]!);
  t.same(run(distinctPropertyCheck, r1a, tg, ctx), OK, 'a planned stop frees the value');
});

t.test('candidate nodes: ready, eligible, datacenter globs, node pool', async (t) => {
  const nodes = [
    stackNode({ Name: 'a', Datacenter: 'us-east-1' }),
    stackNode({ Name: 'b', Datacenter: 'us-west-1' }),
    stackNode({ Name: 'c', Datacenter: 'eu-west-1' }),
    stackNode({ Name: 'd', Datacenter: 'us-east-1', Status: 'down' }),
    stackNode({ Name: 'e', Datacenter: 'us-east-1', SchedulingEligibility: 'ineligible' }),
    stackNode({ Name: 'f', Datacenter: 'us-east-1', Drain: true }),
    stackNode({ Name: 'g', Datacenter: 'us-east-1', NodePool: 'gpu' }),
  ];
  const names = (dcs: string[], pool = 'default'): string[] => candidateNodes({ Datacenters: dcs, NodePool: pool }, nodes).nodes.map((n) => n.Name);
  t.same(names(['us-*']), ['a', 'b']);
  t.same(names(['*']), ['a', 'b', 'c']);
  t.same(names(['us-east-1'], 'all'), ['a', 'g']);
  t.same(names(['us-east-1'], 'gpu'), ['g']);
  const c = candidateNodes({ Datacenters: ['us-*'], NodePool: 'default' }, nodes);
  t.same(c.availableByDatacenter, { 'us-east-1': 1, 'us-west-1': 1 });
  t.equal(c.nodesInPool, 5, 'pool members in matching datacenters, any status');
  t.ok(datacenterMatches('dc?', 'dc1'));
  t.notOk(datacenterMatches('dc1', 'dc10'));
  t.notOk(datacenterMatches('d.1', 'dc1'), 'regexp characters are literal');
});
