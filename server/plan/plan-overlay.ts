/**
 * PlanOverlay: plan results that the applier has sent to commit but that are not yet visible in
 * the state it reads. The next plan is verified against `state + overlay`, which is what lets
 * verification of plan N+1 overlap the commit of plan N without ever double-booking a node.
 *
 * A layer is added before its commit starts, gets its index when the commit resolves, and is
 * dropped once the state has reached that index (or at once if the commit failed).
 */
import type { Allocation, PlanResult } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';

/** OverlayLayer is one in-flight or committed-but-unseen result. */
export interface OverlayLayer {
  readonly nodeUpdate: Readonly<Record<string, readonly Allocation[]>>;
  readonly nodeAllocation: Readonly<Record<string, readonly Allocation[]>>;
  /** index is the commit's state index once known. */
  index: number | undefined;
}

/** PlanOverlay: see the file comment. */
export class PlanOverlay {
  private layers: OverlayLayer[] = [];

  /** size is the number of layers held. */
  get size(): number {
    return this.layers.length;
  }

  /** add records a result about to be committed. */
  add(result: Pick<PlanResult, 'NodeUpdate' | 'NodeAllocation'>): OverlayLayer {
    const layer: OverlayLayer = { nodeUpdate: result.NodeUpdate, nodeAllocation: result.NodeAllocation, index: undefined };
    this.layers.push(layer);
    return layer;
  }

  /** settle records the index at which a layer was committed. */
  settle(layer: OverlayLayer, index: number): void {
    layer.index = index;
  }

  /** remove drops a layer whose commit failed (it never happened). */
  remove(layer: OverlayLayer): void {
    this.layers = this.layers.filter((l) => l !== layer);
  }

  /** prune drops committed layers that the state at `stateIndex` already shows. */
  prune(stateIndex: number): void {
    if (this.layers.length === 0) return;
    this.layers = this.layers.filter((l) => l.index === undefined || l.index > stateIndex);
  }

  /** highestIndex is the largest known commit index among the layers (0 if none). */
  highestIndex(): number {
    let max = 0;
    for (const l of this.layers) if (l.index !== undefined && l.index > max) max = l.index;
    return max;
  }

  /** collectChanges records, for one node, the newest version of every allocation the layers
   * changed there, in commit order: a terminal version (stopped, finished) maps to undefined
   * (no longer live), a live one to itself. */
  collectChanges(nodeId: string, changes: Map<string, Allocation | undefined>): void {
    for (const l of this.layers) {
      for (const list of [l.nodeUpdate[nodeId], l.nodeAllocation[nodeId]]) {
        if (list === undefined) continue;
        for (const a of list) changes.set(a.ID, isTerminal(a) ? undefined : a);
      }
    }
  }
}
