/** mockEval: a pending `job-register` evaluation of the mock service job. */
import { newId } from '../../api/ids.js';
import type { Evaluation } from '../../api/structs/index.js';

/** mockEval returns a pending evaluation for `my-job`; `overrides` replace top-level fields. */
export function mockEval(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    ID: newId(),
    Namespace: 'default',
    Priority: 50,
    Type: 'service',
    TriggeredBy: 'job-register',
    JobID: 'my-job',
    JobModifyIndex: 0,
    Status: 'pending',
    StatusDescription: '',
    CreateIndex: 0,
    ModifyIndex: 0,
    CreateTime: 0,
    ModifyTime: 0,
    ...overrides,
  };
}
