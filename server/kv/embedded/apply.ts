/**
 * applyTxn evaluates a txn's compares and applies its ops against a write view. It runs inside
 * one LMDB write transaction, so compares and the revision bump are serialized with every other
 * txn of the store.
 */
import { assertNever } from '../../../api/errors.js';
import type { KvCompare, KvTxn } from '../contract.js';
import { bytesEqual } from '../keys.js';
import { decodeRecord, encodeRecord, type LogEvent } from './codec.js';

/** WriteView is the slice of the LMDB write transaction that applyTxn needs. */
export interface WriteView {
  getRecord(key: string): Buffer | undefined;
  putRecord(key: string, record: Buffer): void;
  removeRecord(key: string): void;
  keysWithPrefix(prefix: string): string[];
}

/** AppliedTxn is the outcome; `events` is empty when the compare failed or nothing changed. */
export interface AppliedTxn {
  succeeded: boolean;
  revision: number;
  events: LogEvent[];
}

/** compareHolds evaluates one compare with etcd's rules (a missing key has modRevision 0). */
export function compareHolds(view: WriteView, compare: KvCompare): boolean {
  const stored = view.getRecord(compare.key);
  switch (compare.kind) {
    case 'exists':
      return (stored !== undefined) === compare.exists;
    case 'value':
      return stored !== undefined && bytesEqual(decodeRecord(stored).value, compare.value);
    case 'modRevision': {
      const modRevision = stored === undefined ? 0 : decodeRecord(stored).modRevision;
      switch (compare.op) {
        case '=': return modRevision === compare.revision;
        case '<': return modRevision < compare.revision;
        case '>': return modRevision > compare.revision;
        default: return assertNever(compare.op, 'compare op');
      }
    }
    default:
      return assertNever(compare, 'kv compare');
  }
}

/** applyTxn runs `txn` at `currentRevision`; a write bumps the revision by exactly one. */
export function applyTxn(view: WriteView, txn: KvTxn, currentRevision: number): AppliedTxn {
  for (const compare of txn.compare ?? []) {
    if (!compareHolds(view, compare)) return { succeeded: false, revision: currentRevision, events: [] };
  }
  const revision = currentRevision + 1;
  const events: LogEvent[] = [];
  const deleteKey = (key: string): void => {
    const prev = view.getRecord(key);
    if (prev === undefined) return;
    view.removeRecord(key);
    events.push({ type: 'delete', key, value: undefined, prev });
  };
  for (const op of txn.ops) {
    switch (op.kind) {
      case 'put': {
        const prev = view.getRecord(op.key);
        const prevRecord = prev === undefined ? undefined : decodeRecord(prev);
        const value = Buffer.from(op.value.buffer, op.value.byteOffset, op.value.byteLength);
        view.putRecord(op.key, encodeRecord({
          createRevision: prevRecord?.createRevision ?? revision,
          modRevision: revision,
          version: (prevRecord?.version ?? 0) + 1,
          lease: op.lease ?? '',
          value,
        }));
        events.push({ type: 'put', key: op.key, value, prev });
        break;
      }
      case 'delete':
        deleteKey(op.key);
        break;
      case 'deletePrefix':
        for (const key of view.keysWithPrefix(op.prefix)) deleteKey(key);
        break;
      default:
        assertNever(op, 'kv op');
    }
  }
  if (events.length === 0) return { succeeded: true, revision: currentRevision, events };
  return { succeeded: true, revision, events };
}
