/**
 * decodeBatch turns raw KV watch events into state changes (keys outside the state tables,
 * such as the leader key, are skipped). Allocation Metrics stored by reference are resolved
 * (see alloc-metrics.ts), or dropped entirely for readers that never explain placements.
 */
import type { Allocation } from '../../api/structs/index.js';
import type { EncodedAlloc } from './alloc-metrics.js';
import { resolveMetricsRefs, takeMetricsRef } from './alloc-metrics.js';
import type { StateChange, TableRecord } from './tables.js';
import { decodeRecord, tableOfKey } from './tables.js';

/** RawKvEvent is the part of a KV watch event needed to rebuild a change. */
export interface RawKvEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  readonly value?: Uint8Array;
}

/** DecodeOptions choose how allocation Metrics are rebuilt. */
export interface DecodeOptions {
  /** Looks up allocations already applied (owners of Metrics referenced by this batch). */
  readonly lookupAlloc?: (id: string) => Allocation | undefined;
  /** Drop Metrics from every allocation (scheduler replicas never read them). */
  readonly dropMetrics?: boolean;
  /** Returns an already-decoded record for an event whose bytes this process just wrote
   * (see StoreMirror.expect); such events are not decoded again. */
  readonly reuse?: (key: string, value: Uint8Array) => object | undefined;
}

/** decodeBatch decodes every state-table event of one transaction. */
export function decodeBatch(events: readonly RawKvEvent[], opts: DecodeOptions = {}): StateChange[] {
  const changes: StateChange[] = [];
  let allocs: Map<string, EncodedAlloc> | undefined;
  let refs: Map<string, string> | undefined;
  for (const ev of events) {
    const table = tableOfKey(ev.key);
    if (!table) continue;
    if (ev.type === 'put' && ev.value && opts.reuse !== undefined) {
      const known = opts.reuse(ev.key, ev.value);
      if (known !== undefined) {
        changes.push({ table, key: ev.key, record: known } as StateChange);
        if (table === 'allocs') (allocs ??= new Map()).set((known as Allocation).ID, known as EncodedAlloc);
        continue;
      }
    }
    const record = ev.type === 'put' && ev.value ? decodeRecord<TableRecord[typeof table]>(ev.value) : null;
    if (table === 'allocs' && record !== null) {
      const a = record as EncodedAlloc;
      const ref = takeMetricsRef(a);
      if (opts.dropMetrics === true) {
        a.Metrics = undefined; // not `delete`: keeps the record's hidden class fast
      } else {
        allocs ??= new Map();
        allocs.set(a.ID, a);
        if (ref !== undefined) (refs ??= new Map()).set(a.ID, ref);
      }
    }
    changes.push({ table, key: ev.key, record } as StateChange);
  }
  if (allocs !== undefined && refs !== undefined) resolveMetricsRefs(allocs, refs, opts.lookupAlloc ?? (() => undefined));
  return changes;
}
