/**
 * Types shared inside client/: the allocation as the internal API delivers it (with its job
 * version embedded, see contributing/api-internal.md) and the alloc update the client pushes.
 */
import type { Allocation, AllocClientStatus, Job, TaskState } from '../api/structs/index.js';

/** ClientAlloc is an allocation with the job version it runs embedded. */
export interface ClientAlloc extends Allocation {
  Job: Job;
}

/** AllocUpdate is one entry of `PUT /v1/internal/node/:id/allocations`. */
export interface AllocUpdate {
  ID: string;
  ClientStatus: AllocClientStatus;
  ClientDescription: string;
  TaskStates: Record<string, TaskState>;
}
