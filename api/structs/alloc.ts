/**
 * Allocation: one copy of a task group bound to a node. Compact: the allocation refers to its
 * job by (Namespace, JobID, JobVersion) instead of embedding the job; the API layer may attach
 * `Job` when a client asks for it.
 */
import type { AllocatedResources } from './resources.js';

/** AllocDesiredStatus is what the server wants. */
export type AllocDesiredStatus = 'run' | 'stop' | 'evict';

/** AllocClientStatus is what the client reports (lost/unknown are set by the server). */
export type AllocClientStatus = 'pending' | 'running' | 'complete' | 'failed' | 'lost' | 'unknown';

/** TaskStateName is the coarse state of one task. */
export type TaskStateName = 'pending' | 'running' | 'dead';

/** TaskEvent is one entry of a task's history ("Received", "Started", "Terminated", ...). */
export interface TaskEvent {
  Type: string;
  /** Unix nanoseconds. */
  Time: number;
  DisplayMessage: string;
  Details?: Record<string, string>;
  ExitCode?: number;
  Signal?: number;
  Message?: string;
  FailsTask?: boolean;
  RestartReason?: string;
  KillReason?: string;
  DriverError?: string;
}

/** TaskState is the client's view of one task. */
export interface TaskState {
  State: TaskStateName;
  Failed: boolean;
  Restarts: number;
  LastRestart: string | null;
  StartedAt: string | null;
  FinishedAt: string | null;
  Events: TaskEvent[];
}

/** DesiredTransition marks allocations the scheduler must migrate or reschedule. */
export interface DesiredTransition {
  Migrate?: boolean;
  Reschedule?: boolean;
  ForceReschedule?: boolean;
  NoShutdownDelay?: boolean;
}

/** RescheduleEvent records one reschedule of an allocation's lineage. */
export interface RescheduleEvent {
  RescheduleTime: number;
  PrevAllocID: string;
  PrevNodeID: string;
  Delay: number;
}

/** NodeScoreMeta is the per-node score breakdown recorded for the top candidates. */
export interface NodeScoreMeta {
  NodeID: string;
  Scores: Record<string, number>;
  NormScore: number;
}

/** AllocMetric explains a placement decision: which nodes were filtered and why, and scores. */
export interface AllocMetric {
  NodesEvaluated: number;
  NodesFiltered: number;
  NodesInPool: number;
  NodesAvailable: Record<string, number>;
  ClassFiltered: Record<string, number>;
  ConstraintFiltered: Record<string, number>;
  NodesExhausted: number;
  ClassExhausted: Record<string, number>;
  DimensionExhausted: Record<string, number>;
  QuotaExhausted: string[];
  ResourcesExhausted?: Record<string, unknown>;
  ScoreMetaData: NodeScoreMeta[];
  AllocationTime: number;
  CoalescedFailures: number;
}

/** Allocation is the scheduler's decision for one copy of a task group. */
export interface Allocation {
  ID: string;
  Namespace: string;
  EvalID: string;
  /** Name is `<job>.<group>[<index>]`. */
  Name: string;
  NodeID: string;
  NodeName: string;
  JobID: string;
  JobVersion: number;
  TaskGroup: string;
  AllocatedResources: AllocatedResources;
  Metrics?: AllocMetric;
  DesiredStatus: AllocDesiredStatus;
  DesiredDescription: string;
  DesiredTransition?: DesiredTransition;
  ClientStatus: AllocClientStatus;
  ClientDescription: string;
  TaskStates?: Record<string, TaskState>;
  DeploymentID?: string;
  FollowupEvalID?: string;
  PreviousAllocation?: string;
  NextAllocation?: string;
  RescheduleTracker?: { Events: RescheduleEvent[] };
  CreateIndex: number;
  ModifyIndex: number;
  AllocModifyIndex: number;
  CreateTime: number;
  ModifyTime: number;
}

/** isClientTerminal: the client finished with the allocation (its resources are free). */
export function isClientTerminal(a: Pick<Allocation, 'ClientStatus'>): boolean {
  return a.ClientStatus === 'complete' || a.ClientStatus === 'failed' || a.ClientStatus === 'lost';
}

/** isTerminal: the server wants it stopped or the client finished with it. */
export function isTerminal(a: Pick<Allocation, 'ClientStatus' | 'DesiredStatus'>): boolean {
  return a.DesiredStatus !== 'run' || isClientTerminal(a);
}
