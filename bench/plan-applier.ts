/**
 * Plan applier throughput (C1M-shaped): P plans of A allocations each, spread over N nodes,
 * verified and committed by one PlanApplier against an indexed in-memory state.
 * Usage: node dist/bench/plan-applier.js [plans=100] [allocsPerPlan=1000] [nodes=1000]
 * Prints one JSON line.
 */
import type { Allocation, Node, PlanResult } from '../api/structs/index.js';
import { PlanApplier } from '../server/plan/applier.js';
import type { ApplierStateView } from '../server/plan/applier.js';
import { PlanQueue } from '../server/plan/plan-queue.js';
import { mockAlloc, mockNode, mockPlan } from '../test/mock/broker-evals.js';

/** IndexedState keeps allocations by node and, like the real store's IndexedSet, returns a
 * cached array per node until the node's set changes. */
class IndexedState implements ApplierStateView {
  index = 1;
  private readonly nodes = new Map<string, Node>();
  private readonly byNode = new Map<string, Map<string, Allocation>>();
  private readonly listCache = new Map<string, readonly Allocation[]>();

  constructor(nodes: readonly Node[]) {
    for (const n of nodes) {
      this.nodes.set(n.ID, n);
      this.byNode.set(n.ID, new Map());
    }
  }
  node(id: string): Node | undefined {
    return this.nodes.get(id);
  }
  allocsByNode(id: string): readonly Allocation[] {
    let list = this.listCache.get(id);
    if (list === undefined) {
      list = [...(this.byNode.get(id)?.values() ?? [])];
      this.listCache.set(id, list);
    }
    return list;
  }
  commit = async (result: PlanResult): Promise<{ index: number }> => {
    await new Promise<void>((resolve) => setImmediate(resolve)); // an asynchronous store write
    const index = this.index + 1;
    for (const list of [...Object.values(result.NodeUpdate), ...Object.values(result.NodeAllocation)]) {
      for (const a of list) {
        this.byNode.get(a.NodeID)?.set(a.ID, a);
        this.listCache.delete(a.NodeID);
      }
    }
    this.index = index;
    return { index };
  };
}

async function main(): Promise<void> {
  const [plans = 100, perPlan = 1000, nodeCount = 1000] = process.argv.slice(2).map(Number);
  const nodes = Array.from({ length: nodeCount }, (_, i) => mockNode({ ID: `node-${i}`, NodeResources: { CPU: { CpuShares: 1_000_000 }, Memory: { MemoryMB: 1_000_000 }, Disk: { DiskMB: 10_000_000 }, MinDynamicPort: 20000, MaxDynamicPort: 32000 } }));
  const state = new IndexedState(nodes);
  const queue = new PlanQueue();
  queue.enable();
  const applier = new PlanApplier({ queue, getState: () => state, commit: state.commit });
  applier.start();
  const submitted = [];
  for (let p = 0; p < plans; p++) {
    const plan = mockPlan();
    for (let a = 0; a < perPlan; a++) {
      const nodeId = `node-${(p * perPlan + a) % nodeCount}`;
      (plan.NodeAllocation[nodeId] ??= []).push(mockAlloc(nodeId, { cpu: 10, memoryMB: 10, diskMB: 1 }));
    }
    submitted.push(plan);
  }
  const start = process.hrtime.bigint();
  const results = await Promise.all(submitted.map((plan) => queue.enqueue(plan)));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  queue.disable();
  await applier.stop();
  const rejected = results.reduce((s, r) => s + r.RejectedNodes.length, 0);
  console.log(JSON.stringify({ bench: 'plan-applier', plans, allocsPerPlan: perPlan, nodes: nodeCount, seconds: Number(seconds.toFixed(3)), plansPerSec: Math.round(plans / seconds), allocsPerSec: Math.round((plans * perPlan) / seconds), rejectedNodes: rejected }));
}

await main();
