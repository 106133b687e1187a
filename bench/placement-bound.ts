/**
 * The "bound" of the C1M benchmark: how fast the in-memory placement stack alone places
 * allocations, with no broker, worker, plan applier or store in the way.
 *
 * Shape (C1M): nodes split evenly into 5 node classes; each job is constrained to one class
 * (`${node.class} = class-k`, round robin) and has one group of `groupCount` (200) tasks of
 * 20 MHz / 15 MB. Each job is one evaluation: a fresh stack on the current state, one select
 * per allocation with the plan growing, then the plan is committed to the state.
 */
import type { Job, Node, TaskGroup } from '../api/structs/index.js';
import { createPlacementStack } from '../server/scheduler/stack.js';
import { GrowingPlan, StackState, stackAlloc, stackGroup, stackJob, stackNode } from '../test/mock/stack-fixtures.js';

/** PlacementBoundOptions size the run. */
export interface PlacementBoundOptions {
  nodes: number;
  placements: number;
  /** Allocations per job (default 200). */
  groupCount?: number;
  /** Node classes (default 5). */
  classes?: number;
}

/** PlacementBoundResult is what was placed and how long the placing took. */
export interface PlacementBoundResult {
  placements: number;
  /** Wall-clock seconds spent in the stack (creating it and selecting). */
  seconds: number;
  /** CPU seconds (user + system) of the same work: the figure to trust on a busy machine. */
  cpuSeconds: number;
}

function benchNodes(count: number, classes: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const cls = `class-${i % classes}`;
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    nodes.push(stackNode({ ID: id, Name: `bench-${i}`, NodeClass: cls, ComputedClass: `v1:${cls}` }));
  }
  return nodes;
}

function benchJob(index: number, classes: number, count: number): Job {
  const group: TaskGroup = stackGroup({ Count: count, Networks: [], EphemeralDisk: { Sticky: false, SizeMB: 0, Migrate: false } });
  const task = group.Tasks[0];
  if (task !== undefined) task.Resources = { CPU: 20, MemoryMB: 15 };
  return stackJob({
    ID: `bench-job-${index}`,
    Name: `bench-job-${index}`,
    Constraints: [{ LTarget: '${node.class}', RTarget: `class-${index % classes}`, Operand: '=' }],
    TaskGroups: [group],
  });
}

/** measurePlacementBound places `placements` allocations on `nodes` nodes and times it. */
export function measurePlacementBound(opts: PlacementBoundOptions): PlacementBoundResult {
  const classes = opts.classes ?? 5;
  const groupCount = opts.groupCount ?? 200;
  const state = new StackState(benchNodes(opts.nodes, classes));
  const jobs = Math.ceil(opts.placements / groupCount);
  let placed = 0;
  let elapsedNs = 0n;
  let cpuMicros = 0;
  for (let j = 0; j < jobs; j++) {
    const job = benchJob(j, classes, Math.min(groupCount, opts.placements - j * groupCount));
    const tg = job.TaskGroups[0] as TaskGroup;
    const evalId = `00000000-0000-4000-8000-${(j + 1).toString(16).padStart(12, '0')}`;
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    const plan = new GrowingPlan();
    const stack = createPlacementStack({ state, plan, job, batch: false, evalId, snapshotIndex: state.index });
    for (let i = 0; i < tg.Count; i++) {
      const out = stack.select({ taskGroup: tg });
      if (!out.placed) break;
      plan.place(stackAlloc(job, out.node, out.resources, { ID: `${j}-${i}`, EvalID: evalId, Name: `${job.ID}.${tg.Name}[${i}]` }));
      placed++;
    }
    elapsedNs += process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
    state.addAllocs(plan.allocs());
  }
  return { placements: placed, seconds: Number(elapsedNs) / 1e9, cpuSeconds: cpuMicros / 1e6 };
}
