/**
 * reconcileGroup: the decisions for one task group of a running job (reference §2.2
 * `computeGroup`), in this order:
 *
 * 1. batch: terminal allocations of older job versions are history (ignored);
 * 2. classify by node health (classify.ts) and by reschedule policy (reschedule.ts);
 * 3. stop every lost allocation (client status `lost`);
 * 4. scale down: stop the surplus, failed-awaiting-reschedule first, then migrating, then running
 *    allocations, highest name index first;
 * 5. remaining allocations of an older version: in-place or destructive update (tasksUpdated);
 * 6. migrations: stop + replace under the same name;
 * 7. placements: reschedule-now (same name), lost replacements up to count, then fresh names.
 */
import { isTerminal } from '../../../api/structs/index.js';
import type { Allocation, DesiredUpdates, Job, TaskGroup } from '../../../api/structs/index.js';
import { allocNameIndex } from '../util/alloc-name.js';
import { nodeMatchesJob } from '../util/nodes.js';
import { tasksUpdated } from '../util/tasks-updated.js';
import { classifyAllocs, stoppedButStillRunningOnLostNodes } from './classify.js';
import type { DelayedReschedule } from './followups.js';
import { NameIndex } from './name-index.js';
import { decideReschedule, penaltyNodes } from './reschedule.js';
import { StopDescriptions, emptyDesiredUpdates } from './types.js';
import type { DestructiveUpdate, PlaceResult, ReconcileInput, StopResult } from './types.js';

/** GroupResult is one group's share of the ReconcileResult. */
export interface GroupResult {
  readonly place: PlaceResult[];
  readonly stop: StopResult[];
  readonly inplaceUpdate: Allocation[];
  readonly destructiveUpdate: DestructiveUpdate[];
  readonly delayed: DelayedReschedule[];
  readonly desired: DesiredUpdates;
}

const NO_PENALTY: ReadonlySet<string> = new Set();

/** sortByNameIndexDesc orders allocations highest name index first (ties by ID for determinism);
 * each name is parsed once. */
function sortByNameIndexDesc(allocs: readonly Allocation[]): Allocation[] {
  return allocs
    .map((alloc) => ({ alloc, index: allocNameIndex(alloc.Name) ?? -1 }))
    .sort((a, b) => b.index - a.index || a.alloc.ID.localeCompare(b.alloc.ID))
    .map((entry) => entry.alloc);
}

/** indexOf is an allocation's name index (0 for a malformed name). */
function indexOf(alloc: Allocation): number {
  return allocNameIndex(alloc.Name) ?? 0;
}

/** reconcileGroup computes the decisions for group `tg` of `job` from its allocations. */
export function reconcileGroup(input: ReconcileInput, job: Job, tg: TaskGroup, allocs: readonly Allocation[]): GroupResult {
  const desired = emptyDesiredUpdates();
  const stop: StopResult[] = [];
  const place: PlaceResult[] = [];

  // 1. Batch history: finished allocations of older versions neither count nor get replaced.
  const current = input.batch ? allocs.filter((a) => a.JobVersion === job.Version || !isTerminal(a)) : allocs;
  desired.Ignore += allocs.length - current.length;

  // 2. Classification.
  const classes = classifyAllocs(current, input.taintedNodes);
  desired.Ignore += classes.ignore.length;
  for (const alloc of stoppedButStillRunningOnLostNodes(classes.ignore, input.taintedNodes)) {
    stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
  }
  let untainted: Allocation[] = [];
  let rescheduleNow: Allocation[] = [];
  const delayed: DelayedReschedule[] = [];
  for (const alloc of classes.untainted) {
    const decision = decideReschedule(alloc, tg.ReschedulePolicy, { batch: input.batch, now: input.now, evalId: input.evalId });
    switch (decision.kind) {
      case 'keep': untainted.push(alloc); break;
      case 'ignore': desired.Ignore++; break;
      case 'now': rescheduleNow.push(alloc); break;
      case 'later': untainted.push(alloc); delayed.push({ alloc, time: decision.time }); break;
    }
  }
  let migrate = [...classes.migrate];
  const names = new NameIndex(job.ID, tg.Name, tg.Count, [...untainted, ...migrate, ...rescheduleNow, ...classes.lost]);

  // 3. Lost allocations are stopped; replacements are decided in step 7.
  for (const alloc of classes.lost) stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
  desired.Stop += classes.lost.length;

  // 4. Scale down.
  let excess = untainted.length + migrate.length + rescheduleNow.length - tg.Count;
  const surplus = (pool: Allocation[], stoppable: (a: Allocation) => boolean): Allocation[] => {
    const chosen = new Set(sortByNameIndexDesc(pool.filter(stoppable)).slice(0, Math.max(0, excess)));
    for (const alloc of chosen) {
      stop.push({ alloc, description: StopDescriptions.notNeeded });
      const index = allocNameIndex(alloc.Name);
      if (index !== undefined) names.release(index);
    }
    excess -= chosen.size;
    desired.Stop += chosen.size;
    return pool.filter((a) => !chosen.has(a));
  };
  // Failed allocations awaiting a reschedule are dead already: they go first.
  if (excess > 0) rescheduleNow = surplus(rescheduleNow, () => true);
  if (excess > 0) migrate = surplus(migrate, (a) => !isTerminal(a));
  if (excess > 0) untainted = surplus(untainted, (a) => !isTerminal(a));

  // 5. Version updates.
  const inplaceUpdate: Allocation[] = [];
  const destructiveUpdate: DestructiveUpdate[] = [];
  const destructiveByVersion = new Map<number, boolean>(); // tasksUpdated depends only on the version
  const isDestructiveFrom = (version: number): boolean => {
    let destructive = destructiveByVersion.get(version);
    if (destructive === undefined) {
      const oldJob = input.jobVersion(version);
      destructive = oldJob === undefined || tasksUpdated(oldJob, job, tg.Name);
      destructiveByVersion.set(version, destructive);
    }
    return destructive;
  };
  for (const alloc of untainted) {
    const movedAway = isOutsideJobPlacement(input, job, alloc);
    if (isTerminal(alloc) || (alloc.JobVersion === job.Version && !movedAway)) {
      desired.Ignore++;
      continue;
    }
    if (movedAway || isDestructiveFrom(alloc.JobVersion)) {
      destructiveUpdate.push({ alloc, name: alloc.Name, taskGroup: tg });
      desired.DestructiveUpdate++;
    } else {
      inplaceUpdate.push(alloc);
      desired.InPlaceUpdate++;
    }
  }

  // 6. Migrations off draining nodes.
  for (const alloc of migrate) {
    stop.push({ alloc, description: StopDescriptions.migrating });
    place.push({ kind: 'migration', name: alloc.Name, nameIndex: indexOf(alloc), taskGroup: tg, previousAlloc: alloc, penaltyNodeIds: NO_PENALTY });
    desired.Migrate++;
  }

  // 7. Placements.
  for (const alloc of rescheduleNow) {
    place.push({ kind: 'reschedule', name: alloc.Name, nameIndex: indexOf(alloc), taskGroup: tg, previousAlloc: alloc, penaltyNodeIds: penaltyNodes(alloc) });
  }
  let existing = untainted.length + migrate.length + rescheduleNow.length;
  for (const alloc of sortByNameIndexDesc(classes.lost).reverse()) {
    if (existing >= tg.Count) break;
    existing++;
    place.push({ kind: 'lost', name: alloc.Name, nameIndex: indexOf(alloc), taskGroup: tg, previousAlloc: alloc, penaltyNodeIds: NO_PENALTY });
  }
  if (existing < tg.Count) {
    for (const name of names.next(tg.Count - existing)) {
      place.push({ kind: 'new', name, nameIndex: allocNameIndex(name) ?? 0, taskGroup: tg, penaltyNodeIds: NO_PENALTY });
    }
  }
  desired.Place += place.filter((p) => p.kind !== 'migration').length;

  return { place, stop, inplaceUpdate, destructiveUpdate, delayed, desired };
}

/** isOutsideJobPlacement: the allocation's node left the job's datacenters or node pool. */
function isOutsideJobPlacement(input: ReconcileInput, job: Job, alloc: Allocation): boolean {
  const node = input.nodeOf?.(alloc.NodeID);
  return node !== undefined && !nodeMatchesJob(node, job);
}
