/**
 * mockJob / mockBatchJob: canonical jobs shaped like Nomad's `mock.Job()` / `mock.BatchJob()`.
 *
 * The service job is `my-job` (priority 50, dc1, constraint `${attr.kernel.name} = linux`) with
 * group `web` (count 10; dynamic ports `http` and `admin`; ephemeral disk 150 MB; restart 3
 * attempts mode delay; reschedule 2 attempts in 10m, constant 5s delay) running task `web`
 * (exec, 500 MHz, 256 MB). Every field the server stores is filled in.
 */
import type { Job, Task, TaskGroup } from '../../api/structs/index.js';

const SECOND = 1_000_000_000;
const MINUTE = 60 * SECOND;

/** mockTask returns the `web` exec task (500 MHz, 256 MB); `overrides` replace top-level fields. */
export function mockTask(overrides: Partial<Task> = {}): Task {
  return {
    Name: 'web',
    Driver: 'exec',
    Config: { command: '/bin/date' },
    Env: { FOO: 'bar' },
    Resources: { CPU: 500, MemoryMB: 256 },
    Meta: { foo: 'bar' },
    KillTimeout: 5 * SECOND,
    LogConfig: { MaxFiles: 10, MaxFileSizeMB: 10 },
    Leader: false,
    ...overrides,
  };
}

/** mockTaskGroup returns the `web` group (count 10) of the mock service job. */
export function mockTaskGroup(overrides: Partial<TaskGroup> = {}): TaskGroup {
  return {
    Name: 'web',
    Count: 10,
    Tasks: [mockTask()],
    RestartPolicy: { Attempts: 3, Interval: 10 * MINUTE, Delay: 1 * MINUTE, Mode: 'delay' },
    ReschedulePolicy: { Attempts: 2, Interval: 10 * MINUTE, Delay: 5 * SECOND, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false },
    EphemeralDisk: { Sticky: false, SizeMB: 150, Migrate: false },
    Networks: [{
      Mode: 'host',
      DynamicPorts: [
        { Label: 'http', Value: 0, To: 0, HostNetwork: 'default' },
        { Label: 'admin', Value: 0, To: 0, HostNetwork: 'default' },
      ],
    }],
    Meta: { elb_check_type: 'http' },
    ...overrides,
  };
}

/** mockJob returns the canonical `my-job` service job; `overrides` replace top-level fields. */
export function mockJob(overrides: Partial<Job> = {}): Job {
  return {
    Region: 'global',
    Namespace: 'default',
    ID: 'my-job',
    Name: 'my-job',
    Type: 'service',
    Priority: 50,
    AllAtOnce: false,
    Datacenters: ['dc1'],
    NodePool: 'default',
    Constraints: [{ LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '=' }],
    TaskGroups: [mockTaskGroup()],
    Meta: { owner: 'armon' },
    Stop: false,
    Status: 'pending',
    Stable: false,
    Version: 0,
    SubmitTime: 0,
    CreateIndex: 42,
    ModifyIndex: 99,
    JobModifyIndex: 99,
    ...overrides,
  };
}

/** mockBatchJob returns the canonical `my-batch-job` batch job: group `web` count 10 running an
 * exec task of 100 MHz / 100 MB, no ports; reschedule 2 attempts in 10m, constant 5s delay. */
export function mockBatchJob(overrides: Partial<Job> = {}): Job {
  return mockJob({
    ID: 'my-batch-job',
    Name: 'my-batch-job',
    Type: 'batch',
    Priority: 50,
    TaskGroups: [mockTaskGroup({
      Tasks: [mockTask({ Resources: { CPU: 100, MemoryMB: 100 }, Env: { FOO: 'bar' } })],
      Networks: [],
      RestartPolicy: { Attempts: 3, Interval: 10 * MINUTE, Delay: 1 * MINUTE, Mode: 'delay' },
    })],
    ...overrides,
  });
}

/** withGroup returns a copy of `job` whose group `name` (default the first) has `changes` applied. */
export function withGroup(job: Job, changes: Partial<TaskGroup>, name?: string): Job {
  return {
    ...job,
    TaskGroups: job.TaskGroups.map((tg, i) => ((name === undefined ? i === 0 : tg.Name === name) ? { ...tg, ...changes } : tg)),
  };
}

/** mockSystemJob returns the canonical `my-system-job` system job (Nomad `mock.SystemJob()`):
 * group `web` (count 1) running the exec task with 500 MHz / 256 MB and dynamic port `http`. */
export function mockSystemJob(overrides: Partial<Job> = {}): Job {
  return mockJob({
    ID: 'my-system-job',
    Name: 'my-system-job',
    Type: 'system',
    Priority: 100,
    TaskGroups: [mockTaskGroup({
      Count: 1,
      ReschedulePolicy: undefined,
      Networks: [{ Mode: 'host', DynamicPorts: [{ Label: 'http', Value: 0, To: 0, HostNetwork: 'default' }] }],
    })],
    ...overrides,
  });
}

/** mockSysBatchJob returns the canonical `my-sysbatch-job` sysbatch job: group `web` (count 1)
 * running an exec task of 100 MHz / 100 MB, no ports. */
export function mockSysBatchJob(overrides: Partial<Job> = {}): Job {
  return mockJob({
    ID: 'my-sysbatch-job',
    Name: 'my-sysbatch-job',
    Type: 'sysbatch',
    TaskGroups: [mockTaskGroup({
      Count: 1,
      ReschedulePolicy: undefined,
      Networks: [],
      Tasks: [mockTask({ Resources: { CPU: 100, MemoryMB: 100 } })],
    })],
    ...overrides,
  });
}
