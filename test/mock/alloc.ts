/**
 * mockAlloc / mockAllocFor: canonical allocations. Mock allocations carry no ports so several
 * can share a node without colliding; give them ports explicitly when a test needs them.
 */
import { newId } from '../../api/ids.js';
import type { AllocatedResources, Allocation, Job, Node } from '../../api/structs/index.js';
import { mockJob } from './job.js';

/** resourcesOfGroup sums a group's task asks into an allocation grant (no ports). */
export function resourcesOfGroup(job: Job, groupName: string): AllocatedResources {
  const tg = job.TaskGroups.find((g) => g.Name === groupName) ?? job.TaskGroups[0];
  const tasks: AllocatedResources['Tasks'] = {};
  for (const task of tg?.Tasks ?? []) {
    tasks[task.Name] = { Cpu: { CpuShares: task.Resources.CPU }, Memory: { MemoryMB: task.Resources.MemoryMB } };
  }
  return { Tasks: tasks, Shared: { DiskMB: tg?.EphemeralDisk.SizeMB ?? 0 } };
}

/** mockAlloc returns a running allocation `my-job.web[0]` of the mock service job on a random
 * node; `overrides` replace top-level fields. */
export function mockAlloc(overrides: Partial<Allocation> = {}): Allocation {
  const job = mockJob();
  return {
    ID: newId(),
    Namespace: 'default',
    EvalID: newId(),
    Name: 'my-job.web[0]',
    NodeID: newId(),
    NodeName: 'node',
    JobID: job.ID,
    JobVersion: job.Version,
    TaskGroup: 'web',
    AllocatedResources: resourcesOfGroup(job, 'web'),
    DesiredStatus: 'run',
    DesiredDescription: '',
    ClientStatus: 'running',
    ClientDescription: '',
    CreateIndex: 0,
    ModifyIndex: 0,
    AllocModifyIndex: 0,
    CreateTime: 0,
    ModifyTime: 0,
    ...overrides,
  };
}

/** mockAllocFor returns a running allocation of `job`'s group (default the first) with name
 * index `index` on `node`, sized from the group's asks. */
export function mockAllocFor(job: Job, node: Pick<Node, 'ID' | 'Name'>, index: number, overrides: Partial<Allocation> = {}): Allocation {
  const group = overrides.TaskGroup ?? job.TaskGroups[0]?.Name ?? 'web';
  return mockAlloc({
    Namespace: job.Namespace,
    Name: `${job.ID}.${group}[${index}]`,
    NodeID: node.ID,
    NodeName: node.Name,
    JobID: job.ID,
    JobVersion: job.Version,
    TaskGroup: group,
    AllocatedResources: resourcesOfGroup(job, group),
    ...overrides,
  });
}
