/**
 * Property: whatever racing workers submit (stale plans, conflicting placements, stops,
 * AllAtOnce, commits that fail or become visible late), the committed state never
 * overcommits a node's cpu, memory or ports. Fixed seed: the run is reproducible.
 */
import t from 'tap';
import fc from 'fast-check';
import type { Allocation, Plan, PlanResult } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import { PlanApplier } from '../../server/plan/applier.js';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { MemPlanState } from '../mock/broker-state.js';
import { mockAlloc, mockNode, mockPlan } from '../mock/broker-evals.js';

const NODE_IDS = ['n0', 'n1', 'n2'];
const CPU = 4000;
const MEMORY = 8192;

const placementArb = fc.record({
  node: fc.integer({ min: 0, max: NODE_IDS.length - 1 }),
  cpu: fc.integer({ min: 100, max: 2500 }),
  memoryMB: fc.integer({ min: 100, max: 5000 }),
  port: fc.option(fc.integer({ min: 8000, max: 8003 }), { nil: undefined }),
});
const planArb = fc.record({
  allAtOnce: fc.boolean(),
  priority: fc.integer({ min: 1, max: 100 }),
  places: fc.array(placementArb, { maxLength: 4 }),
  stops: fc.integer({ min: 0, max: 2 }),
  visible: fc.boolean(),
  fail: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
const wavesArb = fc.array(fc.array(planArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });

/** overcommitted describes the first node whose live allocations exceed it, if any. */
function overcommitted(truth: ReadonlyMap<string, Allocation>): string | undefined {
  for (const nodeId of NODE_IDS) {
    let cpu = 0;
    let mem = 0;
    const ports = new Set<number>();
    for (const a of truth.values()) {
      if (a.NodeID !== nodeId || isTerminal(a)) continue;
      for (const task of Object.values(a.AllocatedResources.Tasks)) {
        cpu += task.Cpu.CpuShares;
        mem += task.Memory.MemoryMB;
      }
      for (const p of a.AllocatedResources.Shared.Ports ?? []) {
        if (ports.has(p.Value)) return `${nodeId}: port ${p.Value} twice`;
        ports.add(p.Value);
      }
    }
    if (cpu > CPU) return `${nodeId}: cpu ${cpu} > ${CPU}`;
    if (mem > MEMORY) return `${nodeId}: memory ${mem} > ${MEMORY}`;
  }
  return undefined;
}

t.test('committed state never overcommits a node', async (t) => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(wavesArb, async (waves) => {
      runs++;
      const state = new MemPlanState(NODE_IDS.map((id) => mockNode({ ID: id, ReservedResources: { CPU: { CpuShares: 0 }, Memory: { MemoryMB: 0 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: '' } } })));
      const truth = new Map<string, Allocation>();
      const specs = new Map<string, { visible: boolean; fail: boolean }>();
      let violation: string | undefined;
      const queue = new PlanQueue();
      queue.enable();
      const applier = new PlanApplier({
        queue,
        getState: () => state,
        commit: async (result: PlanResult, plan: Plan) => {
          const spec = specs.get(plan.EvalID);
          if (spec?.fail === true) throw new Error('injected commit failure');
          if (spec?.visible === true) state.catchUp();
          state.applyVisible = spec?.visible ?? true;
          const r = await state.commit(result);
          for (const list of [...Object.values(result.NodeUpdate), ...Object.values(result.NodeAllocation)]) for (const a of list) truth.set(a.ID, a);
          violation ??= overcommitted(truth);
          return r;
        },
      });
      applier.start();
      try {
        for (const wave of waves) {
          // Every worker in a wave planned on the same (stale) view: plans race in the queue.
          const live = [...truth.values()].filter((a) => !isTerminal(a));
          const submissions = wave.map((spec, w) => {
            const plan = mockPlan({ Priority: spec.priority, AllAtOnce: spec.allAtOnce });
            for (const p of spec.places) {
              const nodeId = NODE_IDS[p.node]!;
              (plan.NodeAllocation[nodeId] ??= []).push(mockAlloc(nodeId, { cpu: p.cpu, memoryMB: p.memoryMB, ports: p.port === undefined ? [] : [p.port] }));
            }
            for (let s = 0; s < spec.stops && s < live.length; s++) {
              const victim = live[(w + s * 7) % live.length]!;
              (plan.NodeUpdate[victim.NodeID] ??= []).push({ ...victim, DesiredStatus: 'stop' });
            }
            specs.set(plan.EvalID, { visible: spec.visible, fail: spec.fail });
            return queue.enqueue(plan).then(
              (result) => ({ plan, result }),
              () => undefined,
            );
          });
          for (const outcome of await Promise.all(submissions)) {
            if (outcome === undefined) continue;
            for (const nodeId of Object.keys(outcome.result.NodeAllocation)) {
              if (outcome.plan.NodeAllocation[nodeId] === undefined) throw new Error(`result placed on ${nodeId}, which the plan did not`);
            }
            if (outcome.result.RejectedNodes.length > 0 && outcome.result.RefreshIndex === 0) throw new Error('rejected nodes without a RefreshIndex');
          }
        }
      } finally {
        queue.disable();
        await applier.stop();
      }
      state.catchUp();
      if (violation !== undefined) throw new Error(`overcommitted: ${violation}`);
      return true;
    }),
    { seed: 20261123, numRuns: 150 },
  );
  t.equal(runs, 150, 'every generated scenario held the invariant');
});
