/**
 * Nomad's defaults (reference nomad-internals §3.1, §5.1, §6.4; api TestJobs_Canonicalize).
 * Durations are nanoseconds.
 */
import type { JobType, LogConfig, MigrateStrategy, ReschedulePolicy, RestartPolicy, UpdateStrategy } from '../../api/structs/job.js';

const SECOND = 1e9;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** DEFAULT_UPDATE is the `update` block default (service jobs always get one). */
export const DEFAULT_UPDATE: UpdateStrategy = {
  Stagger: 30 * SECOND,
  MaxParallel: 1,
  HealthCheck: 'checks',
  MinHealthyTime: 10 * SECOND,
  HealthyDeadline: 5 * MINUTE,
  ProgressDeadline: 10 * MINUTE,
  AutoRevert: false,
  AutoPromote: false,
  Canary: 0,
};

/** DEFAULT_MIGRATE is the `migrate` default of service groups. */
export const DEFAULT_MIGRATE: MigrateStrategy = {
  MaxParallel: 1,
  HealthCheck: 'checks',
  MinHealthyTime: 10 * SECOND,
  HealthyDeadline: 5 * MINUTE,
};

/** defaultRestartPolicy: service/system 2 per 30m, batch/sysbatch 3 per 24h; delay 15s, mode fail. */
export function defaultRestartPolicy(type: JobType): RestartPolicy {
  const batchLike = type === 'batch' || type === 'sysbatch';
  return {
    Attempts: batchLike ? 3 : 2,
    Interval: batchLike ? 24 * HOUR : 30 * MINUTE,
    Delay: 15 * SECOND,
    Mode: 'fail',
    RenderTemplates: false,
  };
}

/** defaultReschedulePolicy: service unlimited exponential, batch 1 per 24h; none for system/sysbatch. */
export function defaultReschedulePolicy(type: JobType): ReschedulePolicy | undefined {
  switch (type) {
    case 'service':
      return { Attempts: 0, Interval: 0, Delay: 30 * SECOND, DelayFunction: 'exponential', MaxDelay: HOUR, Unlimited: true };
    case 'batch':
      return { Attempts: 1, Interval: 24 * HOUR, Delay: 5 * SECOND, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false };
    case 'system':
    case 'sysbatch':
      return undefined;
  }
}

/** DEFAULT_LOG_CONFIG: 10 files of 10 MB. */
export const DEFAULT_LOG_CONFIG: LogConfig = { MaxFiles: 10, MaxFileSizeMB: 10, Disabled: false };

/** Scalar defaults of jobs, groups and tasks. */
export const DEFAULTS = {
  region: 'global',
  namespace: 'default',
  type: 'service' as JobType,
  priority: 50,
  datacenters: ['*'],
  nodePool: 'default',
  count: 1,
  ephemeralDiskMB: 300,
  cpuMHz: 100,
  memoryMB: 300,
  killTimeout: 5 * SECOND,
  affinityWeight: 50,
  spreadWeight: 50,
  templateSplay: 5 * SECOND,
  periodicTimeZone: 'UTC',
} as const;

/** JOB_TYPES lists the scheduler types. */
export const JOB_TYPES: readonly JobType[] = ['service', 'batch', 'system', 'sysbatch'];
