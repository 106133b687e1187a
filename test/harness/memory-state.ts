/**
 * MemoryState: an in-memory SchedulerState for tests. Every write bumps the index (like one
 * committed transaction) and stamps Create/ModifyIndex; `snapshot()` returns an immutable copy
 * that later writes do not affect.
 */
import type { Allocation, Evaluation, Job, Node } from '../../api/structs/index.js';
import { jobKey } from '../../api/structs/index.js';
import type { SchedulerState } from '../../server/scheduler/contracts.js';

/** MemoryState holds nodes, jobs (with every version), allocations and evaluations. */
export class MemoryState implements SchedulerState {
  private currentIndex: number;
  private readonly nodesById: Map<string, Node>;
  private readonly jobsByKey: Map<string, Job>;
  private readonly jobVersions: Map<string, Job>;
  private readonly allocsById: Map<string, Allocation>;
  private readonly evalsById: Map<string, Evaluation>;

  constructor(from?: MemoryState) {
    this.currentIndex = from?.currentIndex ?? 1;
    this.nodesById = new Map(from?.nodesById);
    this.jobsByKey = new Map(from?.jobsByKey);
    this.jobVersions = new Map(from?.jobVersions);
    this.allocsById = new Map(from?.allocsById);
    this.evalsById = new Map(from?.evalsById);
  }

  get index(): number {
    return this.currentIndex;
  }

  /** snapshot returns a copy frozen at the current index. */
  snapshot(): MemoryState {
    return new MemoryState(this);
  }

  private nextIndex(): number {
    this.currentIndex += 1;
    return this.currentIndex;
  }

  /** upsertNode stores a node (new index). */
  upsertNode(node: Node): Node {
    const index = this.nextIndex();
    const stored = { ...node, CreateIndex: this.nodesById.get(node.ID)?.CreateIndex ?? index, ModifyIndex: index };
    this.nodesById.set(node.ID, stored);
    return stored;
  }

  /** upsertJob stores `job` as the latest version and under its `Version`. Pass a job with a
   * higher Version to model a spec change. */
  upsertJob(job: Job): Job {
    const index = this.nextIndex();
    const key = jobKey(job.Namespace, job.ID);
    const stored = { ...job, CreateIndex: this.jobsByKey.get(key)?.CreateIndex ?? index, ModifyIndex: index, JobModifyIndex: index };
    this.jobsByKey.set(key, stored);
    this.jobVersions.set(`${key}@${job.Version}`, stored);
    return stored;
  }

  /** deleteJob purges a job (its versions stay, as allocations may point at them). */
  deleteJob(namespace: string, id: string): void {
    this.nextIndex();
    this.jobsByKey.delete(jobKey(namespace, id));
  }

  /** upsertAllocs stores allocations in one write (one index). */
  upsertAllocs(allocs: readonly Allocation[]): Allocation[] {
    const index = this.nextIndex();
    return allocs.map((alloc) => {
      const stored = { ...alloc, CreateIndex: this.allocsById.get(alloc.ID)?.CreateIndex ?? index, ModifyIndex: index, AllocModifyIndex: index };
      this.allocsById.set(alloc.ID, stored);
      return stored;
    });
  }

  /** upsertEval stores an evaluation. */
  upsertEval(evaluation: Evaluation): Evaluation {
    const index = this.nextIndex();
    const stored = { ...evaluation, CreateIndex: this.evalsById.get(evaluation.ID)?.CreateIndex ?? index, ModifyIndex: index };
    this.evalsById.set(evaluation.ID, stored);
    return stored;
  }

  job(namespace: string, id: string): Job | undefined {
    return this.jobsByKey.get(jobKey(namespace, id));
  }

  jobVersion(namespace: string, id: string, version: number): Job | undefined {
    return this.jobVersions.get(`${jobKey(namespace, id)}@${version}`);
  }

  node(id: string): Node | undefined {
    return this.nodesById.get(id);
  }

  nodes(): readonly Node[] {
    return [...this.nodesById.values()].sort((a, b) => a.ID.localeCompare(b.ID));
  }

  allocsByJob(namespace: string, jobId: string): readonly Allocation[] {
    return [...this.allocsById.values()].filter((a) => a.Namespace === namespace && a.JobID === jobId);
  }

  allocsByNode(nodeId: string): readonly Allocation[] {
    return [...this.allocsById.values()].filter((a) => a.NodeID === nodeId);
  }

  allocById(id: string): Allocation | undefined {
    return this.allocsById.get(id);
  }

  evalById(id: string): Evaluation | undefined {
    return this.evalsById.get(id);
  }

  /** allocs lists every allocation (test convenience). */
  allocs(): Allocation[] {
    return [...this.allocsById.values()];
  }

  /** evals lists every evaluation (test convenience). */
  evals(): Evaluation[] {
    return [...this.evalsById.values()];
  }
}
