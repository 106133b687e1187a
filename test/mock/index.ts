/**
 * Mock factories for tests: fully valid canonical objects shaped like Nomad's `nomad/mock`
 * fixtures. Import from here: `import { mockNode, mockJob } from '../mock/index.js'`.
 */
export { mockNode } from './node.js';
export { mockJob, mockBatchJob, mockSystemJob, mockSysBatchJob, mockTask, mockTaskGroup, withGroup } from './job.js';
export { mockAlloc, mockAllocFor, resourcesOfGroup } from './alloc.js';
export { mockEval } from './eval.js';
