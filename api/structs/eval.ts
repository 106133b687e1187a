/**
 * Evaluation: a request to reconcile a job's desired state with reality.
 */
import type { AllocMetric } from './alloc.js';

/** EvalStatus is the lifecycle of an evaluation. */
export type EvalStatus = 'blocked' | 'pending' | 'complete' | 'failed' | 'canceled';

/** EvalTrigger names why an evaluation was created (reference §1.2). */
export type EvalTrigger =
  | 'job-register'
  | 'job-deregister'
  | 'periodic-job'
  | 'node-update'
  | 'node-drain'
  | 'alloc-stop'
  | 'scheduled'
  | 'rolling-update'
  | 'deployment-watcher'
  | 'failed-follow-up'
  | 'max-plan-attempts'
  | 'alloc-failure'
  | 'queued-allocs'
  | 'preemption'
  | 'job-scaling'
  | 'max-disconnect-timeout'
  | 'reconnect'
  | 'alloc-reschedule';

/** SchedulerType is the queue an evaluation goes to. `_core` is the leader's GC. */
export type SchedulerType = 'service' | 'batch' | 'system' | 'sysbatch' | '_core';

/** Evaluation is durable before it is queued (the broker is at-least-once). */
export interface Evaluation {
  ID: string;
  Namespace: string;
  Priority: number;
  Type: SchedulerType;
  TriggeredBy: EvalTrigger;
  JobID: string;
  JobModifyIndex: number;
  NodeID?: string;
  NodeModifyIndex?: number;
  DeploymentID?: string;
  Status: EvalStatus;
  StatusDescription: string;
  /** Wait (ns) delays enqueueing by a relative duration. */
  Wait?: number;
  /** WaitUntil (Unix ns) delays enqueueing until an absolute time. */
  WaitUntil?: number;
  NextEval?: string;
  PreviousEval?: string;
  BlockedEval?: string;
  FailedTGAllocs?: Record<string, AllocMetric>;
  /** ClassEligibility: computed node class -> whether the job could run there. */
  ClassEligibility?: Record<string, boolean>;
  EscapedComputedClass?: boolean;
  AnnotatePlan?: boolean;
  QueuedAllocations?: Record<string, number>;
  SnapshotIndex?: number;
  CreateIndex: number;
  ModifyIndex: number;
  CreateTime: number;
  ModifyTime: number;
}

/** isEvalTerminal: complete, failed or canceled. */
export function isEvalTerminal(e: Pick<Evaluation, 'Status'>): boolean {
  return e.Status === 'complete' || e.Status === 'failed' || e.Status === 'canceled';
}
