/**
 * decodeBatch turns raw KV watch events into state changes (keys outside the state tables,
 * such as the leader key, are skipped).
 */
import type { StateChange, TableRecord } from './tables.js';
import { decodeRecord, tableOfKey } from './tables.js';

/** RawKvEvent is the part of a KV watch event needed to rebuild a change. */
export interface RawKvEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  readonly value?: Uint8Array;
}

/** decodeBatch decodes every state-table event of one transaction. */
export function decodeBatch(events: readonly RawKvEvent[]): StateChange[] {
  const changes: StateChange[] = [];
  for (const ev of events) {
    const table = tableOfKey(ev.key);
    if (!table) continue;
    const record = ev.type === 'put' && ev.value ? decodeRecord<TableRecord[typeof table]>(ev.value) : null;
    changes.push({ table, key: ev.key, record } as StateChange);
  }
  return changes;
}
