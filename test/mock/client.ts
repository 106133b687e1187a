/**
 * Mock factories for client tests: a job with tasks and an allocation of it for one node.
 */
import { newId } from '../../api/ids.js';
import type { Job, JobType, Task } from '../../api/structs/index.js';
import type { ClientAlloc } from '../../client/types.js';

/** mockTask returns a canonical task; `overrides` replace fields. */
export function mockTask(name: string, driver: string, config: Record<string, unknown>, overrides: Partial<Task> = {}): Task {
  return {
    Name: name, Driver: driver, Config: config, Env: {}, Resources: { CPU: 100, MemoryMB: 64 },
    KillTimeout: 2_000_000_000, LogConfig: { MaxFiles: 2, MaxFileSizeMB: 1 }, Leader: false, ...overrides,
  };
}

/** mockClientAlloc returns a runnable allocation of a one-group job (`count` 1) on `nodeId`. */
export function mockClientAlloc(nodeId: string, tasks: Task[], opts: { type?: JobType; jobId?: string; attempts?: number; meta?: Record<string, string> } = {}): ClientAlloc {
  const type = opts.type ?? 'batch';
  const jobId = opts.jobId ?? `job-${newId().slice(0, 8)}`;
  const job: Job = {
    Region: 'global', Namespace: 'default', ID: jobId, Name: jobId, Type: type, Priority: 50, AllAtOnce: false,
    Datacenters: ['dc1'], NodePool: 'default', Meta: opts.meta,
    TaskGroups: [{
      Name: 'g', Count: 1, Tasks: tasks,
      RestartPolicy: { Attempts: opts.attempts ?? 0, Interval: 60_000_000_000, Delay: 10_000_000, Mode: 'fail' },
      EphemeralDisk: { Sticky: false, SizeMB: 300, Migrate: false },
    }],
    Stop: false, Status: 'pending', Stable: false, Version: 0, SubmitTime: 0, CreateIndex: 1, ModifyIndex: 1, JobModifyIndex: 1,
  };
  const taskRes: ClientAlloc['AllocatedResources']['Tasks'] = {};
  for (const t of tasks) taskRes[t.Name] = { Cpu: { CpuShares: t.Resources.CPU }, Memory: { MemoryMB: t.Resources.MemoryMB } };
  return {
    ID: newId(), Namespace: 'default', EvalID: newId(), Name: `${jobId}.g[0]`, NodeID: nodeId, NodeName: 'n', JobID: jobId, JobVersion: 0,
    TaskGroup: 'g', AllocatedResources: { Tasks: taskRes, Shared: { DiskMB: 300, Ports: [{ Label: 'http', Value: 25000, To: 0, HostIP: '127.0.0.1' }] } },
    DesiredStatus: 'run', DesiredDescription: '', ClientStatus: 'pending', ClientDescription: '',
    CreateIndex: 1, ModifyIndex: 1, AllocModifyIndex: 1, CreateTime: 0, ModifyTime: 0, Job: job,
  };
}
