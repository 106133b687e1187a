/**
 * C1M fixtures: nodes in 5 classes and jobs of G groups x C tasks of 20 MHz / 15 MB, each job
 * constrained to one class (`${node.class} = class-k`).
 */
import type { Job, Node, TaskGroup } from '../api/structs/index.js';

const SECOND = 1_000_000_000;
const CLASSES = 5;

/** benchNode is node `i` of the C1M cluster (class `class-(i mod 5)`). */
export function benchNode(i: number): Node {
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  return {
    ID: id, SecretID: `10000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, Datacenter: 'dc1', Name: `bench-${i}`,
    HTTPAddr: '', TLSEnabled: false,
    Attributes: { 'kernel.name': 'linux', 'driver.exec': '1', 'unique.hostname': `bench-${i}`, 'unique.network.ip-address': '127.0.0.1' },
    NodeResources: { CPU: { CpuShares: 14000 }, Memory: { MemoryMB: 8192 }, Disk: { DiskMB: 100 * 1024 }, MinDynamicPort: 20000, MaxDynamicPort: 32000 },
    ReservedResources: { CPU: { CpuShares: 100 }, Memory: { MemoryMB: 256 }, Disk: { DiskMB: 4 * 1024 }, Networks: { ReservedHostPorts: '' } },
    Meta: {}, NodeClass: `class-${i % CLASSES}`, NodePool: 'default', ComputedClass: '', Drain: false, SchedulingEligibility: 'eligible',
    Status: 'ready', StatusDescription: '', StatusUpdatedAt: 0, Events: [],
    Drivers: { exec: { Attributes: {}, Detected: true, Healthy: true, HealthDescription: 'healthy', UpdateTime: '' } },
    CreateIndex: 0, ModifyIndex: 0,
  };
}

function group(name: string, count: number): TaskGroup {
  return {
    Name: name, Count: count,
    Tasks: [{ Name: 'task', Driver: 'exec', Config: { command: '/bin/true' }, Resources: { CPU: 20, MemoryMB: 15 }, KillTimeout: 5 * SECOND, LogConfig: { MaxFiles: 1, MaxFileSizeMB: 1 }, Leader: false }],
    RestartPolicy: { Attempts: 2, Interval: 1800 * SECOND, Delay: 15 * SECOND, Mode: 'fail' },
    ReschedulePolicy: { Attempts: 0, Interval: 0, Delay: 30 * SECOND, DelayFunction: 'exponential', MaxDelay: 3600 * SECOND, Unlimited: true },
    EphemeralDisk: { Sticky: false, SizeMB: 0, Migrate: false },
  };
}

/** benchJob is job `i`: `groups` groups of `count` allocations, constrained to class i mod 5. */
export function benchJob(i: number, groups: number, count: number): Job {
  return {
    Region: 'global', Namespace: 'default', ID: `c1m-${i}`, Name: `c1m-${i}`, Type: 'service', Priority: 50, AllAtOnce: false,
    Datacenters: ['dc1'], NodePool: 'default',
    Constraints: [{ LTarget: '${node.class}', RTarget: `class-${i % CLASSES}`, Operand: '=' }],
    TaskGroups: Array.from({ length: groups }, (_, g) => group(`g${g}`, count)),
    Stop: false, Status: 'pending', Stable: false, Version: 0, SubmitTime: 0, CreateIndex: 0, ModifyIndex: 0, JobModifyIndex: 0,
  };
}
