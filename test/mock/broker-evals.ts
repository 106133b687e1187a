/**
 * Mock factories for broker, blocked-evals and plan tests: fully valid Evaluation, Node,
 * Allocation and Plan objects; tests override only what matters.
 */
import type { Allocation, Evaluation, Node, Plan } from '../../api/structs/index.js';

let counter = 0;
/** seqId returns a readable unique ID with a prefix, e.g. "eval-7". */
export function seqId(prefix: string): string {
  counter++;
  return `${prefix}-${counter}`;
}

/** mockEval builds a pending service eval for job "web" in namespace "default". */
export function mockEval(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    ID: seqId('eval'),
    Namespace: 'default',
    Priority: 50,
    Type: 'service',
    TriggeredBy: 'job-register',
    JobID: 'web',
    JobModifyIndex: 1,
    Status: 'pending',
    StatusDescription: '',
    CreateIndex: 10,
    ModifyIndex: 10,
    CreateTime: 0,
    ModifyTime: 0,
    ...overrides,
  };
}

/** mockNode builds a ready, eligible node with 4000 MHz, 8192 MB, 100 GB and port 22 reserved. */
export function mockNode(overrides: Partial<Node> = {}): Node {
  const id = overrides.ID ?? seqId('node');
  return {
    ID: id,
    SecretID: `${id}-secret`,
    Datacenter: 'dc1',
    Name: id,
    HTTPAddr: '127.0.0.1:4646',
    TLSEnabled: false,
    Attributes: { 'unique.network.ip-address': '10.0.0.1' },
    NodeResources: {
      CPU: { CpuShares: 4000 },
      Memory: { MemoryMB: 8192 },
      Disk: { DiskMB: 100_000 },
      MinDynamicPort: 20000,
      MaxDynamicPort: 32000,
    },
    ReservedResources: {
      CPU: { CpuShares: 0 },
      Memory: { MemoryMB: 0 },
      Disk: { DiskMB: 0 },
      Networks: { ReservedHostPorts: '22' },
    },
    Meta: {},
    NodeClass: '',
    NodePool: 'default',
    ComputedClass: 'v1:class-a',
    Drain: false,
    SchedulingEligibility: 'eligible',
    Status: 'ready',
    StatusDescription: '',
    StatusUpdatedAt: 0,
    Events: [],
    Drivers: {},
    CreateIndex: 1,
    ModifyIndex: 1,
    ...overrides,
  };
}

/** AllocAsk is the resource shape of a mock allocation. */
export interface AllocAsk {
  cpu?: number;
  memoryMB?: number;
  diskMB?: number;
  /** ports: static ports bound on 10.0.0.1. */
  ports?: number[];
}

/** mockAlloc builds a running allocation on `nodeId` using 500 MHz / 256 MB / 300 MB. */
export function mockAlloc(nodeId: string, ask: AllocAsk = {}, overrides: Partial<Allocation> = {}): Allocation {
  const ports = ask.ports ?? [];
  return {
    ID: seqId('alloc'),
    Namespace: 'default',
    EvalID: 'eval-0',
    Name: 'web.web[0]',
    NodeID: nodeId,
    NodeName: nodeId,
    JobID: 'web',
    JobVersion: 0,
    TaskGroup: 'web',
    AllocatedResources: {
      Tasks: { web: { Cpu: { CpuShares: ask.cpu ?? 500 }, Memory: { MemoryMB: ask.memoryMB ?? 256 } } },
      Shared: {
        DiskMB: ask.diskMB ?? 300,
        Ports: ports.map((p, i) => ({ Label: `p${i}`, Value: p, To: p, HostIP: '10.0.0.1' })),
      },
    },
    DesiredStatus: 'run',
    DesiredDescription: '',
    ClientStatus: 'pending',
    ClientDescription: '',
    CreateIndex: 1,
    ModifyIndex: 1,
    AllocModifyIndex: 1,
    CreateTime: 0,
    ModifyTime: 0,
    ...overrides,
  };
}

/** mockPlan builds an empty plan for job "web". */
export function mockPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    EvalID: seqId('eval'),
    EvalToken: 'token',
    Priority: 50,
    AllAtOnce: false,
    Namespace: 'default',
    JobID: 'web',
    JobVersion: 0,
    NodeUpdate: {},
    NodeAllocation: {},
    SnapshotIndex: 0,
    ...overrides,
  };
}
