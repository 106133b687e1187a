/**
 * reconcileNodes: the pure diff of the system and sysbatch schedulers (reference §2.9): every
 * group runs exactly once (`<job>.<group>[0]`) on every eligible node of the job's datacenters
 * and pool.
 *
 * | node | live allocation of the group | decision |
 * |---|---|---|
 * | eligible | none (or only finished ones) | place (sysbatch: not when one completed successfully) |
 * | eligible | one, older job version | in-place or destructive update (tasksUpdated) |
 * | eligible | more than one | stop the extras |
 * | down / disconnected / missing | any | stop as lost (never moved elsewhere) |
 * | draining, marked for migration | any | stop (migrating; not replaced) |
 * | up but not eligible (ineligible, draining, initializing) | any | keep |
 * | outside the job's datacenters or pool | any | stop |
 */
import { isClientTerminal } from '../../../api/structs/index.js';
import type { Allocation, DesiredUpdates, Job, Node, TaskGroup } from '../../../api/structs/index.js';
import { allocName } from '../util/alloc-name.js';
import { nodeMatchesJob } from '../util/nodes.js';
import { tasksUpdated } from '../util/tasks-updated.js';
import { isLostTaint, stoppedButStillRunningOnLostNodes } from './classify.js';
import { groupAllocs } from './reconcile.js';
import { stopEverything } from './stop-all.js';
import { StopDescriptions, emptyDesiredUpdates } from './types.js';
import type { DiffResult, NodeTaint, StopResult } from './types.js';

/** NodeReconcileInput is everything the node reconciler looks at. */
export interface NodeReconcileInput {
  /** The job's latest version; undefined when purged. `Stop: true` stops everything. */
  readonly job: Job | undefined;
  readonly jobVersion: (version: number) => Job | undefined;
  /** Every allocation of the job (every status and version). */
  readonly existingAllocs: readonly Allocation[];
  /** Nodes that should run the job: ready, eligible, in the job's datacenters and pool. */
  readonly eligibleNodes: readonly Node[];
  /** Every node hosting an allocation of the job, when it still exists. */
  readonly nodeOf: (nodeId: string) => Node | undefined;
  readonly taintedNodes: ReadonlyMap<string, NodeTaint>;
  /** Sysbatch: a successfully completed allocation is never placed again on its node. */
  readonly batch: boolean;
}

/** NodePlacement asks for group `taskGroup` on node `nodeId`. */
export interface NodePlacement {
  readonly nodeId: string;
  readonly name: string;
  readonly taskGroup: TaskGroup;
  /** The finished allocation this one follows on the node, if any. */
  readonly previousAlloc?: Allocation;
}

/** NodeDestructiveUpdate replaces `alloc` on its node by the latest job version. */
export interface NodeDestructiveUpdate {
  readonly alloc: Allocation;
  readonly taskGroup: TaskGroup;
}

/** NodeReconcileResult is the system schedulers' diff: one placement per (eligible node, group)
 * missing its allocation; stops also cover allocations out of the job's nodes; destructive
 * updates replace an allocation on its own node. */
export type NodeReconcileResult = DiffResult<NodePlacement, NodeDestructiveUpdate>;

/** reconcileNodes computes the NodeReconcileResult (deterministic; mutates nothing). */
export function reconcileNodes(input: NodeReconcileInput): NodeReconcileResult {
  const job = input.job;
  if (job === undefined || job.Stop) {
    const stopped = stopEverything(input, groupAllocs(input.existingAllocs), StopDescriptions.jobStopped);
    return { place: [], stop: stopped.stop, inplaceUpdate: [], destructiveUpdate: [], desiredTGUpdates: stopped.desiredTGUpdates };
  }
  const place: NodePlacement[] = [];
  const stop: StopResult[] = [];
  const inplaceUpdate: Allocation[] = [];
  const destructiveUpdate: NodeDestructiveUpdate[] = [];
  const desiredTGUpdates: Record<string, DesiredUpdates> = {};
  const eligible = new Set(input.eligibleNodes.map((n) => n.ID));

  const groupNames = new Set(job.TaskGroups.map((tg) => tg.Name));
  const ofCurrentGroups = input.existingAllocs.filter((a) => groupNames.has(a.TaskGroup));
  for (const alloc of stoppedButStillRunningOnLostNodes(ofCurrentGroups, input.taintedNodes)) {
    stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
  }
  const byGroup = groupAllocs(input.existingAllocs);
  for (const tg of job.TaskGroups) {
    const desired = emptyDesiredUpdates();
    desiredTGUpdates[tg.Name] = desired;
    const wanted = (byGroup.get(tg.Name) ?? []).filter((a) => a.DesiredStatus === 'run');
    desired.Ignore += (byGroup.get(tg.Name) ?? []).length - wanted.length;
    const byNode = new Map<string, Allocation[]>();
    for (const alloc of wanted) byNode.set(alloc.NodeID, [...(byNode.get(alloc.NodeID) ?? []), alloc]);
    const nodeIds = [...new Set([...input.eligibleNodes.map((n) => n.ID), ...byNode.keys()])].sort();

    for (const nodeId of nodeIds) {
      const onNode = byNode.get(nodeId) ?? [];
      const live = onNode.filter((a) => !isClientTerminal(a));
      const finished = onNode.filter(isClientTerminal);
      const taint = input.taintedNodes.get(nodeId);
      if (isLostTaint(taint)) {
        for (const alloc of live) stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
        desired.Stop += live.length;
        desired.Ignore += finished.length;
        continue;
      }
      if (!eligible.has(nodeId)) {
        const node = input.nodeOf(nodeId);
        const leftJob = node === undefined || !nodeMatchesJob(node, job);
        for (const alloc of live) {
          if (leftJob) stop.push({ alloc, description: StopDescriptions.notNeeded });
          else if (alloc.DesiredTransition?.Migrate === true) stop.push({ alloc, description: StopDescriptions.migrating });
        }
        const stopped = live.filter((a) => leftJob || a.DesiredTransition?.Migrate === true).length;
        desired.Stop += stopped;
        desired.Ignore += onNode.length - stopped;
        continue;
      }
      desired.Ignore += finished.length;
      const [keep, ...extras] = [...live].sort((a, b) => b.JobVersion - a.JobVersion || a.CreateIndex - b.CreateIndex);
      for (const alloc of extras) stop.push({ alloc, description: StopDescriptions.notNeeded });
      desired.Stop += extras.length;
      if (keep === undefined) {
        const succeeded = input.batch && finished.some((a) => a.ClientStatus === 'complete' && a.JobVersion === job.Version);
        if (succeeded) continue;
        const previous = [...finished].sort((a, b) => b.ModifyTime - a.ModifyTime)[0];
        place.push({ nodeId, name: allocName(job.ID, tg.Name, 0), taskGroup: tg, ...(previous === undefined ? {} : { previousAlloc: previous }) });
        desired.Place++;
      } else if (keep.JobVersion === job.Version) {
        desired.Ignore++;
      } else {
        const oldJob = input.jobVersion(keep.JobVersion);
        if (oldJob === undefined || tasksUpdated(oldJob, job, tg.Name)) {
          destructiveUpdate.push({ alloc: keep, taskGroup: tg });
          desired.DestructiveUpdate++;
        } else {
          inplaceUpdate.push(keep);
          desired.InPlaceUpdate++;
        }
      }
    }
  }
  const removed = stopEverything(input, new Map([...byGroup].filter(([name]) => !groupNames.has(name))), StopDescriptions.groupRemoved);
  stop.push(...removed.stop);
  Object.assign(desiredTGUpdates, removed.desiredTGUpdates);
  return { place, stop, inplaceUpdate, destructiveUpdate, desiredTGUpdates };
}
