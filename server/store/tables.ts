/**
 * Tables of the cluster state and how their records are keyed and encoded in the KV store.
 *
 * Every record lives under `<table>/<...>`; the KV revision of the write is the record's
 * ModifyIndex (and of its first write, the CreateIndex), so indexes are never stored twice.
 */
import { Packr } from 'msgpackr';
import type { Allocation, Evaluation, Job, Node } from '../../api/structs/index.js';

/** TableName lists the state tables. */
export type TableName = 'jobs' | 'job_versions' | 'nodes' | 'allocs' | 'evals';

/** ALL_TABLES in a fixed order (used for start-up loading and table indexes). */
export const ALL_TABLES: readonly TableName[] = ['jobs', 'job_versions', 'nodes', 'allocs', 'evals'];

/** TableRecord maps a table to its record type. */
export interface TableRecord {
  jobs: Job;
  job_versions: Job;
  nodes: Node;
  allocs: Allocation;
  evals: Evaluation;
}

/** StateChange is one record written (`record`) or deleted (`record: null`). */
export type StateChange = {
  [T in TableName]: { readonly table: T; readonly key: string; readonly record: TableRecord[T] | null };
}[TableName];

/** ChangeBatch is every change of one committed transaction. */
export interface ChangeBatch {
  readonly index: number;
  readonly changes: readonly StateChange[];
}

const VERSION_WIDTH = 10;
const ALLOC_TIME_WIDTH = 12;

/**
 * allocTimePrefix is the creation millisecond of an allocation as fixed-width hex. Allocation
 * keys start with it so new allocations land at the right edge of the store's B-tree: a plan
 * of 1,000 random-UUID keys would touch ~1,000 leaf pages per commit (and more as the table
 * grows), time-ordered keys a handful (decision 0016). CreateTime never changes after
 * placement, so the key of an allocation is stable.
 */
function allocTimePrefix(createTimeNs: number): string {
  const ms = Number.isFinite(createTimeNs) && createTimeNs > 0 ? Math.floor(createTimeNs / 1_000_000) : 0;
  // A plan's allocations share a handful of milliseconds: reuse the last formatted one.
  if (ms !== lastPrefixMs) {
    lastPrefixMs = ms;
    lastPrefix = ms.toString(16).padStart(ALLOC_TIME_WIDTH, '0');
  }
  return lastPrefix;
}
let lastPrefixMs = 0;
let lastPrefix = '0'.repeat(ALLOC_TIME_WIDTH);

/** keyOf returns the KV key of a record. */
export const keyOf = {
  job: (namespace: string, id: string): string => `jobs/${namespace}/${id}`,
  jobVersion: (namespace: string, id: string, version: number): string =>
    `job_versions/${namespace}/${id}@${String(version).padStart(VERSION_WIDTH, '0')}`,
  jobVersionsPrefix: (namespace: string, id: string): string => `job_versions/${namespace}/${id}@`,
  node: (id: string): string => `nodes/${id}`,
  /** `allocs/<creation ms, hex>/<ID>`: time-ordered (see allocTimePrefix). */
  alloc: (a: Pick<Allocation, 'ID' | 'CreateTime'>): string => `allocs/${allocTimePrefix(a.CreateTime)}/${a.ID}`,
  eval: (id: string): string => `evals/${id}`,
};

/** allocIdOfKey returns the allocation ID an `allocs/` key names. */
export function allocIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** tableOfKey returns the table a key belongs to, or undefined for foreign keys. */
export function tableOfKey(key: string): TableName | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const t = key.slice(0, slash);
  return (ALL_TABLES as readonly string[]).includes(t) ? (t as TableName) : undefined;
}

const packr = new Packr({ useRecords: false, moreTypes: false });

/** encodeRecord serialises a record for the KV store (msgpack). */
export function encodeRecord(record: unknown): Uint8Array {
  return packr.pack(record);
}

/** decodeRecord is the inverse of encodeRecord. */
export function decodeRecord<T>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}
