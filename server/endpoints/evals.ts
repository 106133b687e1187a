/**
 * Evaluation factories used by endpoints and leader loops (one place that fills every field).
 */
import type { Evaluation, EvalTrigger, Job } from '../../api/structs/index.js';
import type { ServerCore } from '../core.js';

/** newEvalFor builds a pending evaluation of `job` triggered by `trigger`. */
export function newEvalFor(core: ServerCore, job: Pick<Job, 'Namespace' | 'ID' | 'Priority' | 'Type'>, trigger: EvalTrigger, extra: Partial<Evaluation> = {}): Evaluation {
  const now = core.now();
  return {
    ID: core.newId(),
    Namespace: job.Namespace,
    Priority: job.Priority,
    Type: job.Type,
    TriggeredBy: trigger,
    JobID: job.ID,
    JobModifyIndex: 0,
    Status: 'pending',
    StatusDescription: '',
    CreateIndex: 0,
    ModifyIndex: 0,
    CreateTime: now,
    ModifyTime: now,
    ...extra,
  };
}
