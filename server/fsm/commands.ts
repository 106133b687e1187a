/**
 * Commands: the only ways cluster state changes. Each is a discriminated-union member carrying
 * everything it writes (time and IDs are decided by the caller, so applying is deterministic).
 */
import type { Allocation, Evaluation, Job, Node } from '../../api/structs/index.js';

/** Command is one typed state change, turned into one KV transaction by `toTxn`. */
export type Command =
  /** A client registered or re-registered its node (also used for status/eligibility updates). */
  | { readonly type: 'node.upsert'; readonly node: Node; readonly evals: readonly Evaluation[] }
  /** A job was registered: its latest record, the new version (when the spec changed), its eval. */
  | { readonly type: 'job.register'; readonly job: Job; readonly newVersion: boolean; readonly evals: readonly Evaluation[] }
  /** A job was stopped (job kept with Stop=true) or purged (job and its versions deleted). */
  | { readonly type: 'job.deregister'; readonly namespace: string; readonly jobId: string; readonly purge: boolean; readonly stoppedJob: Job | null; readonly evals: readonly Evaluation[] }
  /** Evaluations created or updated (scheduler results, blocked evals, cancellations). */
  | { readonly type: 'eval.upsert'; readonly evals: readonly Evaluation[] }
  /** A committed plan: new/updated/stopped allocations, plus evals that go with it. */
  | { readonly type: 'plan.apply'; readonly allocs: readonly Allocation[]; readonly evals: readonly Evaluation[] }
  /** Clients reported allocation status (merged records), plus evals (e.g. reschedules). */
  | { readonly type: 'alloc.clientUpdate'; readonly allocs: readonly Allocation[]; readonly evals: readonly Evaluation[] }
  /** Server-side allocation changes outside plans (desired transitions, lost on node down). */
  | { readonly type: 'alloc.serverUpdate'; readonly allocs: readonly Allocation[]; readonly evals: readonly Evaluation[] };

/** CommandType lists the command names. */
export type CommandType = Command['type'];
