/**
 * loadState reads the whole state keyspace from the KV at its current revision and decodes it
 * into stamped state changes (CreateIndex/ModifyIndex from the entries' revisions). The store
 * mirror uses it for its initial load and for every resync after a failed watch.
 */
import type { Job } from '../../api/structs/index.js';
import type { KvBackend } from '../kv/contract.js';
import type { EncodedAlloc } from './alloc-metrics.js';
import { resolveMetricsRefs, takeMetricsRef } from './alloc-metrics.js';
import type { StateChange, TableName, TableRecord } from './tables.js';
import { decodeRecord, tableOfKey } from './tables.js';

/** LoadedState is a full copy of the state tables as of `revision`. */
export interface LoadedState {
  readonly revision: number;
  /** One upsert per stored record, job versions before jobs (records already stamped). */
  readonly changes: readonly StateChange[];
}

// Versions before jobs, so a job's JobModifyIndex can be taken from its version record.
const LOAD_ORDER: readonly TableName[] = ['job_versions', 'jobs', 'nodes', 'allocs', 'evals'];

/** versionId names one job version (namespace, job ID, version). */
function versionId(job: Job): string {
  return `${job.Namespace}\u0000${job.ID}\u0000${job.Version}`;
}

/** loadState ranges every key and decodes the state tables (foreign keys are skipped). */
export async function loadState(kv: KvBackend): Promise<LoadedState> {
  const { entries, revision } = await kv.range('');
  const byTable = new Map<TableName, typeof entries>(LOAD_ORDER.map((t) => [t, []]));
  for (const e of entries) {
    const table = tableOfKey(e.key);
    if (table !== undefined) byTable.get(table)!.push(e);
  }
  const changes: StateChange[] = [];
  const versionIndex = new Map<string, number>();
  const allocs = new Map<string, EncodedAlloc>();
  const metricRefs = new Map<string, string>();
  for (const table of LOAD_ORDER) {
    for (const e of byTable.get(table)!) {
      const record = decodeRecord<TableRecord[typeof table]>(e.value) as Record<string, unknown>;
      record.CreateIndex = e.createRevision;
      record.ModifyIndex = e.modRevision;
      if (table === 'allocs') {
        record.AllocModifyIndex = e.modRevision;
        const alloc = record as unknown as EncodedAlloc;
        allocs.set(alloc.ID, alloc);
        const ref = takeMetricsRef(alloc);
        if (ref !== undefined) metricRefs.set(alloc.ID, ref);
      }
      if (table === 'job_versions') {
        record.JobModifyIndex = e.createRevision;
        versionIndex.set(versionId(record as unknown as Job), e.createRevision);
      }
      if (table === 'jobs') {
        const job = record as unknown as Job;
        job.JobModifyIndex = versionIndex.get(versionId(job)) ?? e.modRevision;
      }
      changes.push({ table, key: e.key, record } as StateChange);
    }
  }
  resolveMetricsRefs(allocs, metricRefs, () => undefined);
  return { revision, changes };
}
