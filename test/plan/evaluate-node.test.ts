import t from 'tap';
import type { Allocation, Node, Plan } from '../../api/structs/index.js';
import { evaluateNodePlan, NODE_REJECT } from '../../server/plan/evaluate-node.js';
import { MemPlanState } from '../mock/broker-state.js';
import { mockAlloc, mockNode, mockPlan } from '../mock/broker-evals.js';

const N = 'node-1';

interface Case {
  name: string;
  node?: Partial<Node> | null;
  existing?: (nodeId: string) => Allocation[];
  plan: (existing: Allocation[]) => Partial<Plan>;
  expect: string | true;
}

const place = (...allocs: Allocation[]): Partial<Plan> => ({ NodeAllocation: { [N]: allocs } });

const cases: Case[] = [
  { name: 'evict-only plan fits even on a missing node', node: null, plan: () => ({ NodeUpdate: { [N]: [mockAlloc(N, {}, { DesiredStatus: 'stop' })] } }), expect: true },
  { name: 'placement on a missing node is rejected', node: null, plan: () => place(mockAlloc(N)), expect: NODE_REJECT.missing },
  { name: 'placement on an initializing node is rejected', node: { Status: 'initializing' }, plan: () => place(mockAlloc(N)), expect: NODE_REJECT.notReady },
  { name: 'disconnected node accepts allocs marked unknown', node: { Status: 'disconnected' }, plan: () => place(mockAlloc(N, {}, { ClientStatus: 'unknown' })), expect: true },
  { name: 'disconnected node rejects a new placement', node: { Status: 'disconnected' }, plan: () => place(mockAlloc(N)), expect: NODE_REJECT.disconnected },
  { name: 'down node accepts allocs marked lost', node: { Status: 'down' }, plan: () => place(mockAlloc(N, {}, { ClientStatus: 'lost' })), expect: true },
  { name: 'down node rejects a new placement', node: { Status: 'down' }, plan: () => place(mockAlloc(N)), expect: NODE_REJECT.down },
  { name: 'ineligible node rejects a new placement', node: { SchedulingEligibility: 'ineligible' }, plan: () => place(mockAlloc(N)), expect: NODE_REJECT.ineligible },
  {
    name: 'ineligible node accepts an in-place update of an existing alloc',
    node: { SchedulingEligibility: 'ineligible' },
    existing: (n) => [mockAlloc(n, { cpu: 1000 })],
    plan: ([a]) => place({ ...a!, AllocatedResources: mockAlloc(N, { cpu: 1200 }).AllocatedResources }),
    expect: true,
  },
  { name: 'cpu over capacity', plan: () => place(mockAlloc(N, { cpu: 4001 })), expect: 'cpu' },
  { name: 'memory over capacity', plan: () => place(mockAlloc(N, { memoryMB: 9000 })), expect: 'memory' },
  { name: 'disk over capacity', plan: () => place(mockAlloc(N, { diskMB: 200_000 })), expect: 'disk' },
  { name: 'reserved resources count against capacity', node: { ReservedResources: { CPU: { CpuShares: 3800 }, Memory: { MemoryMB: 0 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: '' } } }, plan: () => place(mockAlloc(N, { cpu: 500 })), expect: 'cpu' },
  { name: 'existing live allocs use capacity', existing: (n) => [mockAlloc(n, { cpu: 3800 })], plan: () => place(mockAlloc(N, { cpu: 500 })), expect: 'cpu' },
  { name: 'terminal existing allocs free their capacity', existing: (n) => [mockAlloc(n, { cpu: 3800 }, { DesiredStatus: 'stop' }), mockAlloc(n, { cpu: 3800 }, { ClientStatus: 'complete' })], plan: () => place(mockAlloc(N, { cpu: 500 })), expect: true },
  { name: 'an alloc stopped by the same plan frees its capacity', existing: (n) => [mockAlloc(n, { cpu: 3800 })], plan: ([a]) => ({ NodeUpdate: { [N]: [{ ...a!, DesiredStatus: 'stop' }] }, NodeAllocation: { [N]: [mockAlloc(N, { cpu: 500 })] } }), expect: true },
  { name: 'max allocs per node', node: { NodeMaxAllocs: 1 }, existing: (n) => [mockAlloc(n)], plan: () => place(mockAlloc(N)), expect: 'max allocation exceeded' },
  { name: 'port reserved by the node', plan: () => place(mockAlloc(N, { ports: [22] })), expect: 'reserved node port collision: 10.0.0.1:22' },
  { name: 'port used by another alloc', existing: (n) => [mockAlloc(n, { ports: [8080] })], plan: () => place(mockAlloc(N, { ports: [8080] })), expect: 'reserved alloc port collision: 10.0.0.1:8080' },
  { name: 'everything fits', existing: (n) => [mockAlloc(n, { ports: [8080] })], plan: () => place(mockAlloc(N, { ports: [8081] })), expect: true },
];

t.test('evaluateNodePlan', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const nodes = c.node === null ? [] : [mockNode({ ID: N, ...c.node })];
      const existing = c.existing?.(N) ?? [];
      const state = new MemPlanState(nodes, existing);
      const verdict = evaluateNodePlan(state, mockPlan(c.plan(existing)), N);
      if (c.expect === true) t.same(verdict, { fits: true });
      else t.same(verdict, { fits: false, reason: c.expect });
    });
  }
});
