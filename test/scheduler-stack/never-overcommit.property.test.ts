/**
 * Property: whatever the nodes, committed allocations and asks, the allocations the stack
 * places (with the committed ones) always pass fitsOnNode - cpu, memory, disk, max allocs and
 * ports - and a failed placement only happens when some node really lacks room.
 */
import fc from 'fast-check';
import t from 'tap';
import type { Allocation, Node, TaskGroup } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import { fitsOnNode } from '../../server/scheduler/fit.js';
import { createPlacementStack } from '../../server/scheduler/stack.js';
import { GrowingPlan, StackState, grant, stackAlloc, stackGroup, stackJob, stackNode } from '../mock/stack-fixtures.js';

const nodeArb = fc.record({
  cpu: fc.integer({ min: 500, max: 8000 }),
  memoryMB: fc.integer({ min: 512, max: 8192 }),
  maxAllocs: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  minPort: fc.integer({ min: 20000, max: 20010 }),
  committed: fc.array(fc.record({ cpu: fc.integer({ min: 0, max: 2000 }), mem: fc.integer({ min: 0, max: 2000 }), port: fc.integer({ min: 20000, max: 20012 }), terminal: fc.boolean() }), { maxLength: 3 }),
});

const askArb = fc.record({
  cpu: fc.integer({ min: 1, max: 3000 }),
  memoryMB: fc.integer({ min: 1, max: 3000 }),
  dynamicPorts: fc.integer({ min: 0, max: 3 }),
  staticPort: fc.option(fc.integer({ min: 20000, max: 20012 }), { nil: undefined }),
  count: fc.integer({ min: 1, max: 25 }),
  batch: fc.boolean(),
});

t.test('placements never overcommit a node', async (t) => {
  let placedTotal = 0;
  let failedTotal = 0;
  fc.assert(fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), askArb, (specs, ask) => {
    const nodes: Node[] = specs.map((s) => {
      const n = stackNode();
      n.NodeResources = { ...n.NodeResources, CPU: { CpuShares: s.cpu + 100 }, Memory: { MemoryMB: s.memoryMB + 256 }, MinDynamicPort: s.minPort, MaxDynamicPort: s.minPort + 20 };
      if (s.maxAllocs !== undefined) n.NodeMaxAllocs = s.maxAllocs;
      return n;
    });
    const other = stackJob({ ID: 'other' });
    const job = stackJob({ Type: ask.batch ? 'batch' : 'service' });
    const tg: TaskGroup = stackGroup({
      Count: ask.count,
      Networks: [{
        Mode: 'host',
        DynamicPorts: Array.from({ length: ask.dynamicPorts }, (_, i) => ({ Label: `d${i}`, Value: 0, To: 0, HostNetwork: 'default' })),
        ReservedPorts: ask.staticPort === undefined ? [] : [{ Label: 's', Value: ask.staticPort, To: 0, HostNetwork: 'default' }],
      }],
    });
    const task = tg.Tasks[0];
    if (task !== undefined) task.Resources = { CPU: ask.cpu, MemoryMB: ask.memoryMB };
    job.TaskGroups = [tg];
    const state = new StackState(nodes, [job, other]);
    const committed: Allocation[] = [];
    specs.forEach((s, i) => {
      const node = nodes[i] as Node;
      for (const c of s.committed) {
        const a = stackAlloc(other, node, grant(c.cpu, c.mem, 0, [{ Label: 'c', Value: c.port, HostIP: '192.168.0.100' }]), c.terminal ? { ClientStatus: 'complete' } : {});
        // Only commit what fits: committed state never overcommits either.
        const live = committed.filter((x) => x.NodeID === node.ID && !isTerminal(x));
        if (fitsOnNode(node, [...live, a]).fits) committed.push(a);
      }
    });
    state.addAllocs(committed);
    const plan = new GrowingPlan();
    const stack = createPlacementStack({ state, plan, job, batch: ask.batch, evalId: 'c0ffee00-0000-4000-8000-000000000001', snapshotIndex: state.index });
    for (let i = 0; i < ask.count; i++) {
      const out = stack.select({ taskGroup: tg });
      if (!out.placed) {
        failedTotal++;
        break;
      }
      placedTotal++;
      plan.place(stackAlloc(job, out.node, out.resources));
    }
    for (const node of nodes) {
      const proposed = [...state.allocsByNode(node.ID).filter((a) => !isTerminal(a)), ...(plan.nodeAllocation.get(node.ID) ?? [])];
      const verdict = fitsOnNode(node, proposed);
      if (!verdict.fits) throw new Error(`node overcommitted on ${verdict.dimension}`);
    }
  }), { numRuns: 150, seed: 42 });
  t.ok(placedTotal > 200, `the property exercised placements (${placedTotal} placed)`);
  t.ok(failedTotal > 10, `and exhausted clusters (${failedTotal} failed selects)`);
});
