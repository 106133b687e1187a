/**
 * Fixtures for the placement stack tests and benchmark: Nomad's mock node and job shapes,
 * a tiny in-memory SchedulerState and a growable PlanView.
 */
import { randomUUID } from 'node:crypto';
import type { Allocation, AllocatedResources, DriverInfo, Evaluation, Job, Node, TaskGroup } from '../../api/structs/index.js';
import type { SchedulerState } from '../../server/scheduler/contracts.js';
import type { PlanView } from '../../server/scheduler/placement.js';
import { mockJob, mockTask, mockTaskGroup } from './job.js';
import { mockNode } from './node.js';

/** stackNode is Nomad's mock node (see mockNode: 4 x 3500 MHz, 8192 MB, 100 GiB disk, reserved
 * 100 MHz / 256 MB / 4 GiB / port 22, dc1, class linux-medium-pci) with the placement tests'
 * attributes and meta, and the exec and mock_driver drivers. */
export function stackNode(overrides: Partial<Node> = {}): Node {
  return mockNode({
    Attributes: {
      'kernel.name': 'linux',
      'arch': 'x86',
      'nomad.version': '0.5.0',
      'driver.exec': '1',
      'driver.mock_driver': '1',
      'consul.version': '1.11.4',
      'unique.network.ip-address': '192.168.0.100',
    },
    Meta: { pci: 'true', database: 'mysql', version: '5.6' },
    ComputedClass: 'v1:linux-medium-pci',
    Drivers: { exec: healthyDriver(), mock_driver: healthyDriver() },
    CreateIndex: 1,
    ModifyIndex: 1,
    ...overrides,
  });
}

/** healthyDriver is a detected, healthy driver fingerprint with no attributes. */
function healthyDriver(): DriverInfo {
  return { Attributes: {}, Detected: true, Healthy: true, HealthDescription: 'healthy', UpdateTime: '' };
}

/** stackGroup is the mock job's `web` group (see mockTaskGroup: count 10, one exec task 500 MHz /
 * 256 MB, dynamic ports http and admin, 150 MB ephemeral disk) without env, meta or reschedule policy. */
export function stackGroup(overrides: Partial<TaskGroup> = {}): TaskGroup {
  const { Env: _env, Meta: _taskMeta, ...task } = mockTask();
  const { ReschedulePolicy: _reschedule, Meta: _groupMeta, ...group } = mockTaskGroup({ Tasks: [task] });
  return { ...group, ...overrides };
}

/** stackJob is Nomad's mock service job `my-job` (see mockJob: priority 50, dc1, kernel
 * constraint) with the stack group, no meta and every index 1. */
export function stackJob(overrides: Partial<Job> = {}): Job {
  const { Meta: _meta, ...job } = mockJob({ TaskGroups: [stackGroup()], CreateIndex: 1, ModifyIndex: 1, JobModifyIndex: 1 });
  return { ...job, ...overrides };
}

/** stackAlloc is a running allocation of `job`'s first group on `node` with the given grant. */
export function stackAlloc(job: Job, node: Node, resources: AllocatedResources, overrides: Partial<Allocation> = {}): Allocation {
  const tg = job.TaskGroups[0] as TaskGroup;
  return {
    ID: overrides.ID ?? randomUUID(), Namespace: job.Namespace, EvalID: overrides.EvalID ?? randomUUID(), Name: `${job.ID}.${tg.Name}[0]`,
    NodeID: node.ID, NodeName: node.Name, JobID: job.ID, JobVersion: job.Version, TaskGroup: tg.Name,
    AllocatedResources: resources, DesiredStatus: 'run', DesiredDescription: '', ClientStatus: 'running',
    ClientDescription: '', CreateIndex: 1, ModifyIndex: 1, AllocModifyIndex: 1, CreateTime: 0, ModifyTime: 0,
    ...overrides,
  };
}

/** grant builds a single-task grant of cpu MHz / memory MB / disk MB with optional ports. */
export function grant(cpu: number, memoryMB: number, diskMB = 0, ports: Array<{ Label: string; Value: number; HostIP: string }> = []): AllocatedResources {
  return {
    Tasks: { web: { Cpu: { CpuShares: cpu }, Memory: { MemoryMB: memoryMB } } },
    Shared: { DiskMB: diskMB, Ports: ports.map((p) => ({ ...p, To: 0 })) },
  };
}

/** StackState is a minimal mutable SchedulerState; every write bumps the index. */
export class StackState implements SchedulerState {
  index = 1;
  private readonly nodeMap = new Map<string, Node>();
  private readonly jobs = new Map<string, Job>();
  private readonly byNode = new Map<string, Allocation[]>();
  private readonly byJob = new Map<string, Allocation[]>();
  private readonly byId = new Map<string, Allocation>();

  constructor(nodes: readonly Node[] = [], jobs: readonly Job[] = []) {
    for (const n of nodes) this.nodeMap.set(n.ID, n);
    for (const j of jobs) this.jobs.set(`${j.Namespace}/${j.ID}`, j);
  }
  private sortedNodes: readonly Node[] | undefined;
  addNode(node: Node): void { this.nodeMap.set(node.ID, node); this.sortedNodes = undefined; this.index++; }
  addAllocs(allocs: readonly Allocation[]): void {
    for (const a of allocs) {
      this.byId.set(a.ID, a);
      const n = this.byNode.get(a.NodeID) ?? [];
      n.push(a);
      this.byNode.set(a.NodeID, n);
      const key = `${a.Namespace}/${a.JobID}`;
      const j = this.byJob.get(key) ?? [];
      j.push(a);
      this.byJob.set(key, j);
    }
    this.index++;
  }
  job(namespace: string, id: string): Job | undefined { return this.jobs.get(`${namespace}/${id}`); }
  jobVersion(namespace: string, id: string): Job | undefined { return this.job(namespace, id); }
  node(id: string): Node | undefined { return this.nodeMap.get(id); }
  /** nodes returns the same (immutable) list until a node is added, as a store snapshot would. */
  nodes(): readonly Node[] {
    this.sortedNodes ??= Object.freeze([...this.nodeMap.values()].sort((a, b) => (a.ID < b.ID ? -1 : 1)));
    return this.sortedNodes;
  }
  allocsByJob(namespace: string, jobId: string): readonly Allocation[] { return this.byJob.get(`${namespace}/${jobId}`) ?? []; }
  allocsByNode(nodeId: string): readonly Allocation[] { return this.byNode.get(nodeId) ?? []; }
  allocById(id: string): Allocation | undefined { return this.byId.get(id); }
  evalById(_id: string): Evaluation | undefined { return undefined; }
}

/** GrowingPlan is a PlanView the test appends to, as the generic scheduler does. */
export class GrowingPlan implements PlanView {
  readonly nodeAllocation = new Map<string, Allocation[]>();
  readonly nodeUpdate = new Map<string, Allocation[]>();
  place(alloc: Allocation): void {
    const list = this.nodeAllocation.get(alloc.NodeID) ?? [];
    list.push(alloc);
    this.nodeAllocation.set(alloc.NodeID, list);
  }
  stop(alloc: Allocation): void {
    const list = this.nodeUpdate.get(alloc.NodeID) ?? [];
    list.push({ ...alloc, DesiredStatus: 'stop' });
    this.nodeUpdate.set(alloc.NodeID, list);
  }
  /** allocs flattens every placement. */
  allocs(): Allocation[] { return [...this.nodeAllocation.values()].flat(); }
}

/** EVAL_ID is a fixed evaluation ID for deterministic shuffles. */
export const EVAL_ID = '9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99';
