/** Wire and state types shared by server, client, CLI and jobspecs. */
export type {
  Job, JobType, JobStatus, TaskGroup, Task, Constraint, Affinity, Spread, SpreadTarget,
  RestartPolicy, ReschedulePolicy, UpdateStrategy, MigrateStrategy, PeriodicConfig,
  ParameterizedJobConfig, EphemeralDisk, Service, ServiceCheck, TaskLifecycle, LogConfig,
} from './job.js';
export { jobKey } from './job.js';
export type {
  Port, NetworkResource, RequestedDevice, Resources, NodeDeviceResource, NodeResources,
  NodeReservedResources, AllocatedTaskResources, AllocatedResources, ComparableResources,
} from './resources.js';
export type { Node, NodeStatus, NodeSchedulingEligibility, DriverInfo, NodeEvent, DrainStrategy } from './node.js';
export type {
  Allocation, AllocDesiredStatus, AllocClientStatus, TaskStateName, TaskEvent, TaskState,
  DesiredTransition, RescheduleEvent, NodeScoreMeta, AllocMetric,
} from './alloc.js';
export { isClientTerminal, isTerminal } from './alloc.js';
export type { Evaluation, EvalStatus, EvalTrigger, SchedulerType } from './eval.js';
export { isEvalTerminal } from './eval.js';
export type { Plan, PlanResult, PlanAnnotations, DesiredUpdates } from './plan.js';
export { isPlanNoOp } from './plan.js';
