/**
 * PlanBuilder accumulates one plan attempt of the generic scheduler. It is also the PlanView the
 * placement stack reads, so each placement sees the stops and placements made before it.
 */
import type { AllocClientStatus, Allocation, DesiredUpdates, Plan } from '../../api/structs/index.js';
import type { PlanView } from './placement.js';

/** PlanHeader is the part of a Plan that does not depend on the decisions. */
export type PlanHeader = Pick<Plan, 'EvalID' | 'EvalToken' | 'Priority' | 'AllAtOnce' | 'Namespace' | 'JobID' | 'JobVersion' | 'SnapshotIndex'>;

function push(map: Map<string, Allocation[]>, nodeId: string, alloc: Allocation): void {
  const list = map.get(nodeId);
  if (list === undefined) map.set(nodeId, [alloc]);
  else list.push(alloc);
}

/** PlanBuilder collects stops (NodeUpdate) and placements/updates (NodeAllocation) by node. */
export class PlanBuilder implements PlanView {
  readonly nodeAllocation = new Map<string, Allocation[]>();
  readonly nodeUpdate = new Map<string, Allocation[]>();

  constructor(private readonly now: number) {}

  /** appendStop stages `alloc` to be stopped with `description` (and `clientStatus` if the
   * server decides it, e.g. `lost`). */
  appendStop(alloc: Allocation, description: string, clientStatus?: AllocClientStatus): void {
    push(this.nodeUpdate, alloc.NodeID, {
      ...alloc,
      DesiredStatus: 'stop',
      DesiredDescription: description,
      ClientStatus: clientStatus ?? alloc.ClientStatus,
      ModifyTime: this.now,
    });
  }

  /** removeStop undoes `appendStop` (a replacement could not be placed). */
  removeStop(alloc: Allocation): void {
    const list = this.nodeUpdate.get(alloc.NodeID);
    if (list === undefined) return;
    const kept = list.filter((a) => a.ID !== alloc.ID);
    if (kept.length === 0) this.nodeUpdate.delete(alloc.NodeID);
    else this.nodeUpdate.set(alloc.NodeID, kept);
  }

  /** appendAlloc stages a new or updated allocation on its node. */
  appendAlloc(alloc: Allocation): void {
    push(this.nodeAllocation, alloc.NodeID, alloc);
  }

  /** isNoOp: nothing staged. */
  isNoOp(): boolean {
    return this.nodeAllocation.size === 0 && this.nodeUpdate.size === 0;
  }

  /** toPlan renders the staged decisions as a Plan. */
  toPlan(header: PlanHeader, desiredTGUpdates: Record<string, DesiredUpdates>): Plan {
    return {
      ...header,
      NodeUpdate: Object.fromEntries([...this.nodeUpdate].map(([id, allocs]) => [id, [...allocs]])),
      NodeAllocation: Object.fromEntries([...this.nodeAllocation].map(([id, allocs]) => [id, [...allocs]])),
      Annotations: { DesiredTGUpdates: desiredTGUpdates },
    };
  }
}
