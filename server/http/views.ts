/**
 * Response views in Nomad's shapes: list stubs, derived job status and summary, allocations
 * with their job version attached, nodes without their secret.
 */
import type { Allocation, Job, JobStatus, Node } from '../../api/structs/index.js';
import { isEvalTerminal, isTerminal } from '../../api/structs/index.js';
import type { StateStore } from '../store/state-store.js';

/** jobStatus derives Nomad's job status from its allocations and evaluations. */
export function jobStatus(store: StateStore, job: Job): JobStatus {
  const isParentOrSystem = job.Type === 'system' || job.Type === 'sysbatch' || Boolean(job.Periodic?.Enabled) || Boolean(job.ParameterizedJob);
  if (isParentOrSystem) return job.Stop ? 'dead' : 'running';
  const allocs = store.allocsByJob(job.Namespace, job.ID);
  if (allocs.some((a) => !isTerminal(a))) return 'running';
  const evals = store.evalsByJob(job.Namespace, job.ID);
  if (evals.some((e) => !isEvalTerminal(e) && e.Status !== 'blocked') || (allocs.length === 0 && !job.Stop)) return 'pending';
  if (evals.some((e) => e.Status === 'blocked')) return 'pending';
  return 'dead';
}

/** TaskGroupSummary counts a group's allocations by client status. */
export interface TaskGroupSummary {
  Queued: number;
  Complete: number;
  Failed: number;
  Running: number;
  Starting: number;
  Lost: number;
  Unknown: number;
}

/** jobSummary is `GET /v1/job/:id/summary`. */
export function jobSummary(store: StateStore, job: Job): { JobID: string; Namespace: string; Summary: Record<string, TaskGroupSummary>; Children: { Pending: number; Running: number; Dead: number }; CreateIndex: number; ModifyIndex: number } {
  const summary: Record<string, TaskGroupSummary> = {};
  for (const g of job.TaskGroups) summary[g.Name] = { Queued: 0, Complete: 0, Failed: 0, Running: 0, Starting: 0, Lost: 0, Unknown: 0 };
  for (const a of store.allocsByJob(job.Namespace, job.ID)) {
    const s = summary[a.TaskGroup];
    if (!s) continue;
    switch (a.ClientStatus) {
      case 'pending': s.Starting++; break;
      case 'running': s.Running++; break;
      case 'complete': s.Complete++; break;
      case 'failed': s.Failed++; break;
      case 'lost': s.Lost++; break;
      case 'unknown': s.Unknown++; break;
    }
  }
  const blocked = store.evalsByJob(job.Namespace, job.ID).filter((e) => e.Status === 'blocked');
  for (const e of blocked) for (const [g, n] of Object.entries(e.QueuedAllocations ?? {})) if (summary[g]) summary[g].Queued += n;
  const children = { Pending: 0, Running: 0, Dead: 0 };
  for (const child of store.allJobs()) {
    if (child.ParentID !== job.ID || child.Namespace !== job.Namespace) continue;
    const st = jobStatus(store, child);
    if (st === 'pending') children.Pending++; else if (st === 'running') children.Running++; else children.Dead++;
  }
  return { JobID: job.ID, Namespace: job.Namespace, Summary: summary, Children: children, CreateIndex: job.CreateIndex, ModifyIndex: job.ModifyIndex };
}

/** jobView is the full job with its derived status. */
export function jobView(store: StateStore, job: Job): Job {
  return { ...job, Status: jobStatus(store, job) };
}

/** jobListStub is an entry of `GET /v1/jobs`. */
export function jobListStub(store: StateStore, job: Job): Record<string, unknown> {
  return {
    ID: job.ID, ParentID: job.ParentID ?? '', Name: job.Name, Namespace: job.Namespace, Datacenters: job.Datacenters, NodePool: job.NodePool,
    Type: job.Type, Priority: job.Priority, Periodic: Boolean(job.Periodic?.Enabled), ParameterizedJob: Boolean(job.ParameterizedJob),
    Stop: job.Stop, Status: jobStatus(store, job), StatusDescription: job.StatusDescription ?? '', JobSummary: jobSummary(store, job),
    CreateIndex: job.CreateIndex, ModifyIndex: job.ModifyIndex, JobModifyIndex: job.JobModifyIndex, SubmitTime: job.SubmitTime, Version: job.Version,
  };
}

/** allocStub is an entry of allocation lists. */
export function allocStub(store: StateStore, a: Allocation): Record<string, unknown> {
  const job = store.jobVersion(a.Namespace, a.JobID, a.JobVersion) ?? store.job(a.Namespace, a.JobID);
  return {
    ID: a.ID, EvalID: a.EvalID, Name: a.Name, Namespace: a.Namespace, NodeID: a.NodeID, NodeName: a.NodeName, JobID: a.JobID,
    JobType: job?.Type ?? '', JobVersion: a.JobVersion, TaskGroup: a.TaskGroup, DesiredStatus: a.DesiredStatus,
    DesiredDescription: a.DesiredDescription, ClientStatus: a.ClientStatus, ClientDescription: a.ClientDescription,
    TaskStates: a.TaskStates ?? null, FollowupEvalID: a.FollowupEvalID ?? '', PreviousAllocation: a.PreviousAllocation ?? '',
    NextAllocation: a.NextAllocation ?? '', CreateIndex: a.CreateIndex, ModifyIndex: a.ModifyIndex, CreateTime: a.CreateTime, ModifyTime: a.ModifyTime,
  };
}

/** allocWithJob is the full allocation with its job version embedded (Nomad's `Job` field). */
export function allocWithJob(store: StateStore, a: Allocation): Allocation & { Job: Job | null } {
  return { ...a, Job: store.jobVersion(a.Namespace, a.JobID, a.JobVersion) ?? null };
}

/** nodeView is a node without its secret. */
export function nodeView(n: Node): Omit<Node, 'SecretID'> {
  const { SecretID: _secret, ...rest } = n;
  return rest;
}

/** nodeStub is an entry of `GET /v1/nodes`. */
export function nodeStub(n: Node): Record<string, unknown> {
  return {
    Address: n.Attributes['unique.network.ip-address'] ?? '', ID: n.ID, Datacenter: n.Datacenter, Name: n.Name, NodeClass: n.NodeClass,
    NodePool: n.NodePool, Version: n.Attributes['nomad.version'] ?? '', Drain: n.Drain, SchedulingEligibility: n.SchedulingEligibility,
    Status: n.Status, StatusDescription: n.StatusDescription, Drivers: n.Drivers, Attributes: n.Attributes,
    CreateIndex: n.CreateIndex, ModifyIndex: n.ModifyIndex,
  };
}
