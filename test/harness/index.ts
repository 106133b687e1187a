/** Scheduler test harness: in-memory state and a recording planner. */
export { MemoryState } from './memory-state.js';
export { Harness, DEFAULT_NOW } from './harness.js';
export type { HarnessOptions } from './harness.js';
