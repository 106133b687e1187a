/**
 * Property tests (fast-check, fixed seeds):
 * - reconciler: for random allocations, taints and counts, the result never leaves more live
 *   allocations than the count, never touches an allocation twice, and keeps live names unique;
 * - generic scheduler + real stack + harness: for random node sets, counts, node failures and
 *   partial-commit rejections, then a count change and a destructive update, committed state
 *   never has more live allocations of a group than its count and never overcommits a node
 *   (cpu, memory, disk, ports).
 */
import fc from 'fast-check';
import t from 'tap';
import { isTerminal } from '../../api/structs/index.js';
import type { Allocation, AllocClientStatus, Node } from '../../api/structs/index.js';
import { reconcile } from '../../server/scheduler/reconcile/index.js';
import type { NodeTaint } from '../../server/scheduler/reconcile/index.js';
import { mockJob, mockSystemJob, mockTask, withGroup } from '../mock/index.js';
import type { Harness } from '../harness/index.js';
import { clusterOf, evaluate, register } from '../harness/scenario.js';
import { NOW, allocsOf, inputFor, nodeIdFor } from '../harness/reconcile-fixtures.js';

const MINUTE = 60_000_000_000;

const allocSpec = fc.record({
  status: fc.constantFrom<AllocClientStatus>('pending', 'running', 'running', 'complete', 'failed'),
  desiredRun: fc.boolean(),
  taint: fc.constantFrom<NodeTaint | 'none'>('none', 'none', 'none', 'down', 'draining', 'missing'),
  migrate: fc.boolean(),
  oldVersion: fc.boolean(),
  failedAgoMinutes: fc.integer({ min: 0, max: 30 }),
});

t.test('reconciler: live allocations never exceed count; each allocation decided at most once', async (t) => {
  await fc.assert(fc.property(
    fc.integer({ min: 0, max: 12 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 14 }),
    fc.array(allocSpec, { minLength: 14, maxLength: 14 }),
    fc.boolean(),
    (count, indexes, specs, batch) => {
      const v0 = mockJob({ Type: batch ? 'batch' : 'service' });
      const v1 = withGroup({ ...v0, Version: 1 }, { Count: count, Tasks: [mockTask({ Env: { V: '1' } })] });
      const tainted: Record<string, NodeTaint> = {};
      const allocs: Allocation[] = indexes.map((index, i) => {
        const spec = specs[i]!;
        if (spec.taint !== 'none') tainted[nodeIdFor(index)] = spec.taint;
        return allocsOf(spec.oldVersion ? v0 : v1, [index], {
          ClientStatus: spec.status,
          DesiredStatus: spec.desiredRun ? 'run' : 'stop',
          ModifyTime: NOW - spec.failedAgoMinutes * MINUTE,
          ...(spec.migrate ? { DesiredTransition: { Migrate: true } } : {}),
        })[0]!;
      });
      const result = reconcile(inputFor(v1, allocs, { versions: [v0, v1], tainted, batch }));

      const touched = [...result.stop.map((s) => s.alloc.ID), ...result.inplaceUpdate.map((a) => a.ID), ...result.destructiveUpdate.map((d) => d.alloc.ID)];
      if (new Set(touched).size !== touched.length) throw new Error(`an allocation was decided twice: ${touched.join(',')}`);
      if (result.place.length > count) throw new Error(`placed ${result.place.length} > count ${count}`);

      const stopped = new Set(result.stop.map((s) => s.alloc.ID));
      const rescheduled = new Set(result.place.flatMap((p) => (p.kind === 'reschedule' && p.previousAlloc ? [p.previousAlloc.ID] : [])));
      const keptLive = allocs.filter((a) => !stopped.has(a.ID) && !rescheduled.has(a.ID) && !isTerminal(a)
        && !(tainted[a.NodeID] === 'down' || tainted[a.NodeID] === 'missing'));
      const liveNames = [...keptLive.map((a) => a.Name), ...result.place.map((p) => p.name)];
      if (liveNames.length > count) throw new Error(`live ${liveNames.length} > count ${count}`);
      if (new Set(liveNames).size !== liveNames.length) throw new Error(`duplicate live names: ${liveNames.sort().join(',')}`);
    },
  ), { seed: 20261123, numRuns: 400 });
  t.pass('property held for 400 random cases');
});

/** assertNoOvercommit checks every node's live allocations against its capacity and ports. */
function overcommitted(node: Node, allocs: readonly Allocation[]): string | undefined {
  const live = allocs.filter((a) => !isTerminal(a));
  let cpu = 0;
  let memory = 0;
  let disk = 0;
  const ports = new Set<number>();
  for (const alloc of live) {
    for (const task of Object.values(alloc.AllocatedResources.Tasks)) {
      cpu += task.Cpu.CpuShares;
      memory += task.Memory.MemoryMB;
    }
    disk += alloc.AllocatedResources.Shared.DiskMB;
    for (const port of alloc.AllocatedResources.Shared.Ports ?? []) {
      if (ports.has(port.Value) || port.Value === 22) return `port ${port.Value} collides`;
      ports.add(port.Value);
    }
  }
  if (cpu > node.NodeResources.CPU.CpuShares - node.ReservedResources.CPU.CpuShares) return `cpu ${cpu}`;
  if (memory > node.NodeResources.Memory.MemoryMB - node.ReservedResources.Memory.MemoryMB) return `memory ${memory}`;
  if (disk > node.NodeResources.Disk.DiskMB - node.ReservedResources.Disk.DiskMB) return `disk ${disk}`;
  return undefined;
}

/** rejectingCluster is a harness with no nodes whose plan n loses the nodes whose position (in
 * the plan's node list) is in rejections[n]. `addNode(i, changes)` adds node i: the mock node
 * with its own ID and name and `changes(base)` applied. */
function rejectingCluster(rejections: readonly (readonly number[])[]): { h: Harness; nodes: Node[]; addNode(i: number, changes: (base: Node) => Partial<Node>): void } {
  const { h, nodes } = clusterOf(0, {
    rejectNodes: (plan, n) => {
      const ids = Object.keys(plan.NodeAllocation).sort();
      return (rejections[n] ?? []).flatMap((i) => (ids[i] === undefined ? [] : [ids[i]]));
    },
  });
  const addNode = (i: number, changes: (base: Node) => Partial<Node>): void => {
    const base = clusterOf(1).nodes[0]!;
    nodes.push(h.state.upsertNode({ ...base, ID: nodeIdFor(i), Name: `node-${i}`, ...changes(base) }));
  };
  return { h, nodes, addNode };
}

/** assertNodesFit throws (naming `when`) when any of `nodes` is overcommitted. */
function assertNodesFit(h: Harness, nodes: readonly Node[], when: string): void {
  for (const node of nodes) {
    const problem = overcommitted(node, h.state.allocsByNode(node.ID));
    if (problem !== undefined) throw new Error(`${when}: node ${node.Name} overcommitted (${problem})`);
  }
}

t.test('scheduler: committed state never exceeds count and never overcommits a node', async (t) => {
  let runs = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 8 }), memoryGB: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 0, max: 14 }),
    fc.integer({ min: 0, max: 14 }),
    fc.array(fc.array(fc.nat(5), { maxLength: 3 }), { maxLength: 4 }),
    fc.nat(5),
    async (nodeSpecs, firstCount, secondCount, rejections, downIndex) => {
      runs += 1;
      const { h, nodes, addNode } = rejectingCluster(rejections);
      nodeSpecs.forEach((spec, i) => addNode(i, (base) => ({
        NodeResources: { ...base.NodeResources, CPU: { CpuShares: 1000 * spec.cpu }, Memory: { MemoryMB: 1024 * spec.memoryGB } },
      })));
      const check = (when: string): void => {
        const live = h.state.allocs().filter((a) => !isTerminal(a));
        const count = h.state.job('default', 'my-job')?.TaskGroups[0]?.Count ?? 0;
        if (live.length > count) throw new Error(`${when}: ${live.length} live allocations > count ${count}`);
        assertNodesFit(h, nodes, when);
      };
      const job = withGroup(mockJob(), { Count: firstCount });
      await register(h, job);
      check('after register');
      const down = nodes[downIndex % nodes.length]!;
      h.state.upsertNode({ ...down, Status: 'down' });
      nodes.splice(nodes.indexOf(down), 1, h.state.node(down.ID)!);
      await evaluate(h, job, 'node-update');
      check('after node down');
      const resized = h.state.upsertJob(withGroup({ ...h.state.job('default', 'my-job')!, Version: 1 }, { Count: secondCount }));
      await evaluate(h, resized, 'job-register');
      check('after count change');
      const bigger = h.state.upsertJob(withGroup({ ...resized, Version: 2 }, { Tasks: [mockTask({ Resources: { CPU: 700, MemoryMB: 300 } })] }));
      await evaluate(h, bigger, 'job-register');
      check('after destructive update');
    },
  ), { seed: 4242, numRuns: 60 });
  t.equal(runs, 60);
});

t.test('system scheduler: at most one live allocation per node and group, never overcommitted', async (t) => {
  let runs = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({ memoryMB: fc.integer({ min: 256, max: 2048 }), linux: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    fc.array(fc.array(fc.nat(5), { maxLength: 3 }), { maxLength: 4 }),
    fc.nat(5),
    async (nodeSpecs, rejections, downIndex) => {
      runs += 1;
      const { h, nodes, addNode } = rejectingCluster(rejections);
      nodeSpecs.forEach((spec, i) => addNode(i, (base) => ({
        Attributes: { ...base.Attributes, 'kernel.name': spec.linux ? 'linux' : 'windows' },
        NodeResources: { ...base.NodeResources, Memory: { MemoryMB: spec.memoryMB } },
      })));
      const check = (when: string): void => {
        const live = h.state.allocs().filter((a) => !isTerminal(a));
        const perNode = new Map<string, number>();
        for (const a of live) perNode.set(a.NodeID, (perNode.get(a.NodeID) ?? 0) + 1);
        for (const [nodeId, n] of perNode) if (n > 1) throw new Error(`${when}: ${n} live allocations on ${nodeId}`);
        assertNodesFit(h, nodes, when);
      };
      const job = mockSystemJob();
      await register(h, job);
      check('after register');
      await register(h, mockSystemJob());
      check('after re-register');
      const down = nodes[downIndex % nodes.length]!;
      h.state.upsertNode({ ...down, Status: 'down' });
      await evaluate(h, job, 'node-update');
      check('after node down');
      const bigger = h.state.upsertJob(withGroup({ ...h.state.job('default', job.ID)!, Version: 1 }, { Tasks: [mockTask({ Resources: { CPU: 700, MemoryMB: 300 } })] }));
      await evaluate(h, bigger, 'job-register');
      check('after destructive update');
    },
  ), { seed: 777, numRuns: 40 });
  t.equal(runs, 40);
});
