/**
 * StateStore: the in-memory, indexed mirror of cluster state.
 *
 * The leader/follower server builds one from the KV store (range + watch, see mirror.ts); every
 * scheduler worker thread builds its own replica from the same change batches. Changes are
 * applied in index order, one committed transaction (ChangeBatch) at a time, so a reader that
 * runs synchronously between two `apply` calls sees a consistent snapshot.
 *
 * Invariants:
 * - Records handed out are shared and read-only: copy before changing (structuredClone).
 * - `index` is the index of the last applied batch; table indexes are the last index that
 *   changed each table (blocking queries wait on them).
 * - Apply is deterministic: no clocks, no randomness.
 */
import type { Allocation, Evaluation, Job, Node } from '../../api/structs/index.js';
import { jobKey } from '../../api/structs/index.js';
import type { SchedulerState } from '../scheduler/contracts.js';
import { IndexedSet } from './indexed-set.js';
import { internAlloc } from './intern.js';
import type { ChangeBatch, StateChange, TableName } from './tables.js';
import { ALL_TABLES, allocIdOfKey, keyOf } from './tables.js';

/** ApplyListener is told about each applied batch (blocking queries, broker hooks, replicas). */
export type ApplyListener = (batch: ChangeBatch) => void;

/** StateStore holds the tables and secondary indexes; it implements SchedulerState. */
export class StateStore implements SchedulerState {
  private lastIndex = 0;
  private readonly tableIndex = new Map<TableName, number>(ALL_TABLES.map((t) => [t, 0]));
  private readonly jobs = new Map<string, Job>();
  private readonly jobVersions = new Map<string, Map<number, Job>>();
  private readonly nodesById = new Map<string, Node>();
  private nodeList: Node[] | undefined;
  private readonly allocs = new Map<string, Allocation>();
  private readonly allocsOfNode = new IndexedSet<Allocation>();
  private readonly allocsOfJob = new IndexedSet<Allocation>();
  private readonly nodeAllocIndex = new Map<string, number>();
  private readonly evals = new Map<string, Evaluation>();
  private readonly evalsOfJob = new IndexedSet<Evaluation>();
  private readonly listeners = new Set<ApplyListener>();

  /** index is the index of the last applied batch. */
  get index(): number {
    return this.lastIndex;
  }

  /** tableIndexOf is the last index that changed `table` (0 when never). */
  tableIndexOf(table: TableName): number {
    return this.tableIndex.get(table) ?? 0;
  }

  /** nodeAllocsIndex is the last index that changed an allocation of `nodeId`. */
  nodeAllocsIndex(nodeId: string): number {
    return this.nodeAllocIndex.get(nodeId) ?? 0;
  }

  /** onApply registers a listener; returns the unsubscribe function. */
  onApply(listener: ApplyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * apply applies one committed batch. With `stamp`, records get their CreateIndex/ModifyIndex
   * (and JobModifyIndex/AllocModifyIndex) from the batch index: the server's mirror stamps,
   * replicas receive stamped records.
   */
  apply(batch: ChangeBatch, stamp: boolean): void {
    if (batch.index <= this.lastIndex && batch.changes.length > 0) return; // already applied
    for (const change of batch.changes) {
      this.applyChange(change, batch.index, stamp);
      this.tableIndex.set(change.table, batch.index);
    }
    this.lastIndex = Math.max(this.lastIndex, batch.index);
    for (const l of this.listeners) l(batch);
  }

  /**
   * replaceAll makes the store hold exactly `records`: a full copy of the state at `index` with
   * stamped records (a KV range after a resync, or `records()` of another store). Records absent
   * from `records` are deleted, new or modified ones upserted; a record whose ModifyIndex is
   * unchanged is kept as it is. The difference goes through `apply` as one batch at `index`, so
   * listeners and blocking queries see it. Nothing is applied when the store is already at
   * `index` or later (it holds that state already). Returns the applied batch, if any.
   */
  replaceAll(index: number, records: readonly StateChange[]): ChangeBatch | undefined {
    if (index <= this.lastIndex) return undefined;
    const current = new Map<string, StateChange>();
    for (const c of this.records()) current.set(c.key, c);
    const upserts: StateChange[] = [];
    for (const c of records) {
      if (c.record === null) continue;
      const prev = current.get(c.key);
      current.delete(c.key);
      if (prev?.record != null && (prev.record === c.record || (prev.record.ModifyIndex > 0 && prev.record.ModifyIndex === c.record.ModifyIndex))) continue;
      upserts.push(c);
    }
    const deletes = [...current.values()].map((c) => ({ table: c.table, key: c.key, record: null }) as StateChange);
    const batch: ChangeBatch = { index, changes: [...deletes, ...upserts] };
    this.apply(batch, false);
    return batch;
  }

  private applyChange(change: StateChange, index: number, stamp: boolean): void {
    switch (change.table) {
      case 'jobs': {
        const prev = this.jobs.get(change.key);
        if (change.record === null) { this.jobs.delete(change.key); return; }
        const job = change.record;
        if (stamp) {
          job.CreateIndex = prev?.CreateIndex ?? index;
          job.ModifyIndex = index;
          const version = this.jobVersions.get(jobKey(job.Namespace, job.ID))?.get(job.Version);
          job.JobModifyIndex = version?.JobModifyIndex ?? index;
        }
        this.jobs.set(change.key, job);
        return;
      }
      case 'job_versions': {
        const job = change.record;
        if (job === null) {
          for (const versions of this.jobVersions.values()) {
            for (const [v, j] of versions) if (versionKeyMatches(change.key, j, v)) versions.delete(v);
          }
          return;
        }
        if (stamp) { job.CreateIndex = job.CreateIndex || index; job.ModifyIndex = index; job.JobModifyIndex = index; }
        const k = jobKey(job.Namespace, job.ID);
        let versions = this.jobVersions.get(k);
        if (!versions) { versions = new Map(); this.jobVersions.set(k, versions); }
        versions.set(job.Version, job);
        return;
      }
      case 'nodes': {
        const prev = this.nodesById.get(change.key.slice('nodes/'.length));
        this.nodeList = undefined;
        if (change.record === null) { if (prev) this.nodesById.delete(prev.ID); return; }
        const node = change.record;
        if (stamp) { node.CreateIndex = prev?.CreateIndex ?? index; node.ModifyIndex = index; }
        this.nodesById.set(node.ID, node);
        return;
      }
      case 'allocs': {
        const id = allocIdOfKey(change.key);
        const prev = this.allocs.get(id);
        if (prev) {
          this.allocsOfNode.remove(prev.NodeID, prev.ID);
          this.allocsOfJob.remove(jobKey(prev.Namespace, prev.JobID), prev.ID);
          this.nodeAllocIndex.set(prev.NodeID, index);
        }
        if (change.record === null) { this.allocs.delete(id); return; }
        const a = change.record;
        internAlloc(a, this);
        if (stamp) {
          a.CreateIndex = prev?.CreateIndex ?? index;
          a.ModifyIndex = index;
          a.AllocModifyIndex = index;
        }
        this.allocs.set(a.ID, a);
        this.allocsOfNode.add(a.NodeID, a.ID, a);
        this.allocsOfJob.add(jobKey(a.Namespace, a.JobID), a.ID, a);
        this.nodeAllocIndex.set(a.NodeID, index);
        return;
      }
      case 'evals': {
        const id = change.key.slice('evals/'.length);
        const prev = this.evals.get(id);
        if (prev) this.evalsOfJob.remove(jobKey(prev.Namespace, prev.JobID), prev.ID);
        if (change.record === null) { this.evals.delete(id); return; }
        const e = change.record;
        if (stamp) { e.CreateIndex = prev?.CreateIndex ?? index; e.ModifyIndex = index; }
        this.evals.set(e.ID, e);
        this.evalsOfJob.add(jobKey(e.Namespace, e.JobID), e.ID, e);
        return;
      }
    }
  }

  /** records lists every record as a change (seeding a replica). */
  records(): StateChange[] {
    const out: StateChange[] = [];
    for (const versions of this.jobVersions.values()) {
      for (const j of versions.values()) out.push({ table: 'job_versions', key: `job_versions/${j.Namespace}/${j.ID}@${String(j.Version).padStart(10, '0')}`, record: j });
    }
    for (const [key, j] of this.jobs) out.push({ table: 'jobs', key, record: j });
    for (const n of this.nodesById.values()) out.push({ table: 'nodes', key: `nodes/${n.ID}`, record: n });
    for (const a of this.allocs.values()) out.push({ table: 'allocs', key: keyOf.alloc(a), record: a });
    for (const e of this.evals.values()) out.push({ table: 'evals', key: `evals/${e.ID}`, record: e });
    return out;
  }

  // ---- SchedulerState ----

  /** job returns the latest version of a job. */
  job(namespace: string, id: string): Job | undefined {
    return this.jobs.get(`jobs/${namespace}/${id}`);
  }

  /** jobVersion returns a stored version of a job. */
  jobVersion(namespace: string, id: string, version: number): Job | undefined {
    return this.jobVersions.get(jobKey(namespace, id))?.get(version);
  }

  /** jobVersionsOf returns every stored version, newest first. */
  jobVersionsOf(namespace: string, id: string): Job[] {
    return [...(this.jobVersions.get(jobKey(namespace, id))?.values() ?? [])].sort((a, b) => b.Version - a.Version);
  }

  /** allJobs returns every job (latest versions). */
  allJobs(): Job[] {
    return [...this.jobs.values()];
  }

  node(id: string): Node | undefined {
    return this.nodesById.get(id);
  }

  nodes(): readonly Node[] {
    this.nodeList ??= [...this.nodesById.values()].sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
    return this.nodeList;
  }

  allocsByJob(namespace: string, jobId: string): readonly Allocation[] {
    return this.allocsOfJob.list(jobKey(namespace, jobId));
  }

  allocsByNode(nodeId: string): readonly Allocation[] {
    return this.allocsOfNode.list(nodeId);
  }

  allocById(id: string): Allocation | undefined {
    return this.allocs.get(id);
  }

  /** allAllocs returns every allocation. */
  allAllocs(): IterableIterator<Allocation> {
    return this.allocs.values();
  }

  /** allocCount is the number of allocations stored. */
  allocCount(): number {
    return this.allocs.size;
  }

  evalById(id: string): Evaluation | undefined {
    return this.evals.get(id);
  }

  /** evalsByJob returns a job's evaluations. */
  evalsByJob(namespace: string, jobId: string): readonly Evaluation[] {
    return this.evalsOfJob.list(jobKey(namespace, jobId));
  }

  /** allEvals returns every evaluation. */
  allEvals(): IterableIterator<Evaluation> {
    return this.evals.values();
  }
}

function versionKeyMatches(key: string, job: Job, version: number): boolean {
  return key.startsWith(`job_versions/${job.Namespace}/${job.ID}@`) && Number(key.slice(key.lastIndexOf('@') + 1)) === version;
}
