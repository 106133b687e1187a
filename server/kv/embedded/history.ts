/**
 * rangeAtRevision rebuilds a prefix as of an old revision: take the current entries and undo,
 * newest first, every logged change after that revision (each log event carries the record it
 * replaced). Cost is proportional to the changes since `atRevision`, not to history length.
 */
import type { KvEntry } from '../contract.js';
import { decodeLogEntry, decodeRecord, recordToEntry } from './codec.js';

/** HistoryView reads one consistent snapshot of the `kv` and `log` tables. */
export interface HistoryView {
  currentRecords(prefix: string): Map<string, Buffer>;
  logEntry(revision: number): Buffer | undefined;
}

/** rangeAtRevision returns the entries under `prefix` at `atRevision` (<= currentRevision), key-ordered. */
export function rangeAtRevision(view: HistoryView, prefix: string, atRevision: number, currentRevision: number): KvEntry[] {
  const records = view.currentRecords(prefix);
  let reordered = false;
  for (let revision = currentRevision; revision > atRevision; revision--) {
    const logged = view.logEntry(revision);
    if (logged === undefined) continue;
    for (const event of decodeLogEntry(logged)) {
      if (!event.key.startsWith(prefix)) continue;
      if (event.prev === undefined) records.delete(event.key);
      else {
        reordered ||= !records.has(event.key);
        records.set(event.key, event.prev);
      }
    }
  }
  const entries = recordsToEntries(records);
  return reordered ? sortByKeyBytes(entries) : entries;
}

function sortByKeyBytes(entries: KvEntry[]): KvEntry[] {
  const keyed = entries.map((entry) => ({ entry, bytes: Buffer.from(entry.key, 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  return keyed.map((k) => k.entry);
}

/** recordsToEntries decodes stored records in the map's order (LMDB key order when read from a range). */
export function recordsToEntries(records: Map<string, Buffer>): KvEntry[] {
  const entries: KvEntry[] = [];
  for (const [key, bytes] of records) entries.push(recordToEntry(key, decodeRecord(bytes)));
  return entries;
}
