/**
 * Canonical job types: the shape of a job after canonicalization (every default filled), in
 * Nomad's JSON field names (PascalCase). Durations are nanoseconds; times are Unix nanoseconds.
 * The submitted (partial) jobspec shape lives in `jobspecs/`; this is what the server stores.
 */
import type { NetworkResource, Resources } from "./resources.js";

/** JobType selects the scheduler: `service` and `batch` are generic, `system`/`sysbatch` per node. */
export type JobType = 'service' | 'batch' | 'system' | 'sysbatch';

/** JobStatus is derived by the server from the job's allocations and evaluations. */
export type JobStatus = 'pending' | 'running' | 'dead';

/** Constraint restricts placement; LTarget/RTarget may hold `${attr.*}`, `${meta.*}`, `${node.*}`. */
export interface Constraint {
  LTarget: string;
  RTarget: string;
  /** One of Nomad's operators: =, ==, is, !=, not, <, <=, >, >=, version, semver, regexp,
   * set_contains, set_contains_all, set_contains_any, distinct_hosts, distinct_property,
   * is_set, is_not_set. */
  Operand: string;
}

/** Affinity is a soft constraint with a weight in [-100, 100]. */
export interface Affinity extends Constraint {
  Weight: number;
}

/** SpreadTarget is one desired share of a spread attribute's values. */
export interface SpreadTarget {
  Value: string;
  Percent: number;
}

/** Spread asks the scheduler to spread allocations over an attribute's values. */
export interface Spread {
  Attribute: string;
  Weight: number;
  SpreadTarget: SpreadTarget[];
}

/** RestartPolicy is the client-side restart behaviour of a task (see reference §6.4). */
export interface RestartPolicy {
  Attempts: number;
  Interval: number;
  Delay: number;
  Mode: 'fail' | 'delay';
  RenderTemplates?: boolean;
}

/** ReschedulePolicy decides how a failed allocation is replaced on another node. */
export interface ReschedulePolicy {
  Attempts: number;
  Interval: number;
  Delay: number;
  DelayFunction: 'constant' | 'exponential' | 'fibonacci';
  MaxDelay: number;
  Unlimited: boolean;
}

/** UpdateStrategy is the `update` block (rolling updates, canaries). */
export interface UpdateStrategy {
  Stagger: number;
  MaxParallel: number;
  HealthCheck: 'checks' | 'task_states' | 'manual';
  MinHealthyTime: number;
  HealthyDeadline: number;
  ProgressDeadline: number;
  AutoRevert: boolean;
  AutoPromote: boolean;
  Canary: number;
}

/** MigrateStrategy is the `migrate` block used when draining nodes. */
export interface MigrateStrategy {
  MaxParallel: number;
  HealthCheck: 'checks' | 'task_states';
  MinHealthyTime: number;
  HealthyDeadline: number;
}

/** PeriodicConfig makes a batch/sysbatch job a cron-launched parent. */
export interface PeriodicConfig {
  Enabled: boolean;
  Spec: string;
  Specs?: string[];
  SpecType: 'cron';
  ProhibitOverlap: boolean;
  TimeZone: string;
}

/** ParameterizedJobConfig makes a batch job a dispatchable template. */
export interface ParameterizedJobConfig {
  Payload: 'optional' | 'required' | 'forbidden';
  MetaRequired: string[];
  MetaOptional: string[];
}

/** EphemeralDisk is the group's shared scratch disk. */
export interface EphemeralDisk {
  Sticky: boolean;
  SizeMB: number;
  Migrate: boolean;
}

/** ServiceCheck is a health check of a service. */
export interface ServiceCheck {
  Name: string;
  Type: string;
  Command?: string;
  Args?: string[];
  Path?: string;
  Protocol?: string;
  PortLabel?: string;
  Method?: string;
  Interval: number;
  Timeout: number;
  [extra: string]: unknown;
}

/** Service is a `service` block (registered in Consul or in Drover's catalog). */
export interface Service {
  Name: string;
  PortLabel: string;
  Provider: 'consul' | 'nomad';
  Tags?: string[];
  CanaryTags?: string[];
  AddressMode?: string;
  Address?: string;
  TaskName?: string;
  Checks?: ServiceCheck[];
  Meta?: Record<string, string>;
  [extra: string]: unknown;
}

/** TaskLifecycle is the `lifecycle` block of a task. */
export interface TaskLifecycle {
  Hook: 'prestart' | 'poststart' | 'poststop';
  Sidecar: boolean;
}

/** LogConfig is the `logs` block: rotation of a task's stdout/stderr files. */
export interface LogConfig {
  MaxFiles: number;
  MaxFileSizeMB: number;
  Disabled?: boolean;
}

/** Task is one unit of work run by a driver. */
export interface Task {
  Name: string;
  Driver: string;
  User?: string;
  /** Driver-specific configuration, validated by the driver's JSON Schema. */
  Config: Record<string, unknown>;
  Env?: Record<string, string>;
  Constraints?: Constraint[];
  Affinities?: Affinity[];
  Services?: Service[];
  Resources: Resources;
  RestartPolicy?: RestartPolicy;
  Meta?: Record<string, string>;
  KillTimeout: number;
  KillSignal?: string;
  LogConfig: LogConfig;
  Lifecycle?: TaskLifecycle;
  Leader: boolean;
  ShutdownDelay?: number;
  Artifacts?: Array<Record<string, unknown>>;
  Templates?: Array<Record<string, unknown>>;
  Vault?: Record<string, unknown>;
  DispatchPayload?: { File: string };
  VolumeMounts?: Array<Record<string, unknown>>;
  [extra: string]: unknown;
}

/** TaskGroup is a set of tasks placed together on one node; `Count` copies are placed. */
export interface TaskGroup {
  Name: string;
  Count: number;
  Constraints?: Constraint[];
  Affinities?: Affinity[];
  Spreads?: Spread[];
  Tasks: Task[];
  RestartPolicy: RestartPolicy;
  ReschedulePolicy?: ReschedulePolicy;
  EphemeralDisk: EphemeralDisk;
  Update?: UpdateStrategy;
  Migrate?: MigrateStrategy;
  Networks?: NetworkResource[];
  Meta?: Record<string, string>;
  Services?: Service[];
  ShutdownDelay?: number;
  StopAfterClientDisconnect?: number;
  MaxClientDisconnect?: number;
  Volumes?: Record<string, Record<string, unknown>>;
  [extra: string]: unknown;
}

/** Job is the canonical, stored job. `Version` increases on every spec change. */
export interface Job {
  Region: string;
  Namespace: string;
  ID: string;
  Name: string;
  Type: JobType;
  Priority: number;
  AllAtOnce: boolean;
  Datacenters: string[];
  NodePool: string;
  Constraints?: Constraint[];
  Affinities?: Affinity[];
  Spreads?: Spread[];
  TaskGroups: TaskGroup[];
  Update?: UpdateStrategy;
  Periodic?: PeriodicConfig;
  ParameterizedJob?: ParameterizedJobConfig;
  Payload?: string;
  Meta?: Record<string, string>;
  ParentID?: string;
  Dispatched?: boolean;
  Stop: boolean;
  Status: JobStatus;
  StatusDescription?: string;
  Stable: boolean;
  Version: number;
  SubmitTime: number;
  CreateIndex: number;
  ModifyIndex: number;
  JobModifyIndex: number;
  [extra: string]: unknown;
}

/** jobKey is the map key of a job: namespace and ID. */
export function jobKey(namespace: string, id: string): string {
  return `${namespace}/${id}`;
}
