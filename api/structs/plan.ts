/**
 * Plan: what a scheduler worker proposes; PlanResult: what the leader's plan applier committed.
 */
import type { Allocation } from './alloc.js';

/** DesiredUpdates counts the reconciler's decisions for one task group (plan annotations). */
export interface DesiredUpdates {
  Ignore: number;
  Place: number;
  Migrate: number;
  Stop: number;
  InPlaceUpdate: number;
  DestructiveUpdate: number;
  Canary: number;
  Preemptions: number;
}

/** PlanAnnotations explain a plan (used by `job plan`). */
export interface PlanAnnotations {
  DesiredTGUpdates: Record<string, DesiredUpdates>;
}

/** Plan is a worker's proposal. Allocations in NodeAllocation are new or updated; NodeUpdate
 * holds allocations to stop (with DesiredStatus/ClientStatus already set). */
export interface Plan {
  EvalID: string;
  EvalToken: string;
  Priority: number;
  AllAtOnce: boolean;
  Namespace: string;
  JobID: string;
  JobVersion: number;
  NodeUpdate: Record<string, Allocation[]>;
  NodeAllocation: Record<string, Allocation[]>;
  /** SnapshotIndex is the index of the state the scheduler planned on. */
  SnapshotIndex: number;
  Annotations?: PlanAnnotations;
}

/** PlanResult is what was committed. When some nodes were rejected, RefreshIndex tells the
 * worker which state index to catch up to before retrying. */
export interface PlanResult {
  NodeUpdate: Record<string, Allocation[]>;
  NodeAllocation: Record<string, Allocation[]>;
  RejectedNodes: string[];
  RefreshIndex: number;
  AllocIndex: number;
}

/** isPlanNoOp: the plan changes nothing. */
export function isPlanNoOp(p: Pick<Plan, 'NodeUpdate' | 'NodeAllocation'>): boolean {
  return Object.keys(p.NodeUpdate).length === 0 && Object.keys(p.NodeAllocation).length === 0;
}
