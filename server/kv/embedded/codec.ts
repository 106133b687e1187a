/**
 * Byte encodings of the embedded store. Values stay opaque Buffers end to end (no JSON, no
 * msgpack) so a 1000-put plan txn costs little more than copying its bytes.
 *
 * Stored record (table `kv`, key = UTF-8 key bytes):
 *   f64 createRevision | f64 modRevision | f64 version | u16 leaseLength | lease UTF-8 | value
 * Change-log entry (table `log`, key = revision): u32 eventCount, then per event
 *   u8 type (0 put, 1 delete) | u32 keyLength | key | (put) u32 valueLength | value
 *   | u32 prevLength (0 = key did not exist) | prev stored record
 * The previous record lets `range` at an old revision undo later changes.
 */
import type { KvEntry } from '../contract.js';

/** StoredRecord is a decoded `kv` table value (the key lives in the LMDB key). */
export interface StoredRecord {
  createRevision: number;
  modRevision: number;
  version: number;
  lease: string;
  value: Buffer;
}

const recordHeaderBytes = 26;

/** encodeRecord serialises a stored record. */
export function encodeRecord(record: StoredRecord): Buffer {
  const lease = Buffer.from(record.lease, 'utf8');
  const out = Buffer.allocUnsafe(recordHeaderBytes + lease.length + record.value.length);
  out.writeDoubleLE(record.createRevision, 0);
  out.writeDoubleLE(record.modRevision, 8);
  out.writeDoubleLE(record.version, 16);
  out.writeUInt16LE(lease.length, 24);
  lease.copy(out, recordHeaderBytes);
  record.value.copy(out, recordHeaderBytes + lease.length);
  return out;
}

/** decodeRecord parses a stored record; `value` is a view into `bytes`. */
export function decodeRecord(bytes: Buffer): StoredRecord {
  const leaseLength = bytes.readUInt16LE(24);
  return {
    createRevision: bytes.readDoubleLE(0),
    modRevision: bytes.readDoubleLE(8),
    version: bytes.readDoubleLE(16),
    lease: bytes.toString('utf8', recordHeaderBytes, recordHeaderBytes + leaseLength),
    value: bytes.subarray(recordHeaderBytes + leaseLength),
  };
}

/** recordToEntry turns a stored record into the contract's KvEntry. */
export function recordToEntry(key: string, record: StoredRecord): KvEntry {
  return {
    key,
    value: record.value,
    createRevision: record.createRevision,
    modRevision: record.modRevision,
    version: record.version,
  };
}

/** LogEvent is one change of a revision, with the record it replaced (undefined if none). */
export interface LogEvent {
  type: 'put' | 'delete';
  key: string;
  value: Buffer | undefined;
  prev: Buffer | undefined;
}

/** encodeLogEntry serialises the events of one revision. */
export function encodeLogEntry(events: readonly LogEvent[]): Buffer {
  const keys = events.map((e) => Buffer.from(e.key, 'utf8'));
  let size = 4;
  events.forEach((e, i) => {
    size += 1 + 4 + (keys[i]?.length ?? 0) + 4 + (e.prev?.length ?? 0);
    if (e.type === 'put') size += 4 + (e.value?.length ?? 0);
  });
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt32LE(events.length, 0);
  events.forEach((e, i) => {
    const key = keys[i] ?? Buffer.alloc(0);
    at = out.writeUInt8(e.type === 'put' ? 0 : 1, at);
    at = out.writeUInt32LE(key.length, at);
    at += key.copy(out, at);
    if (e.type === 'put') {
      const value = e.value ?? Buffer.alloc(0);
      at = out.writeUInt32LE(value.length, at);
      at += value.copy(out, at);
    }
    at = out.writeUInt32LE(e.prev?.length ?? 0, at);
    if (e.prev !== undefined) at += e.prev.copy(out, at);
  });
  return out;
}

/** decodeLogEntry parses the events of one revision; buffers are views into `bytes`. */
export function decodeLogEntry(bytes: Buffer): LogEvent[] {
  const count = bytes.readUInt32LE(0);
  const events: LogEvent[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    const type = bytes.readUInt8(at) === 0 ? 'put' : 'delete';
    const keyLength = bytes.readUInt32LE(at + 1);
    at += 5;
    const key = bytes.toString('utf8', at, at + keyLength);
    at += keyLength;
    let value: Buffer | undefined;
    if (type === 'put') {
      const valueLength = bytes.readUInt32LE(at);
      value = bytes.subarray(at + 4, at + 4 + valueLength);
      at += 4 + valueLength;
    }
    const prevLength = bytes.readUInt32LE(at);
    const prev = prevLength === 0 ? undefined : bytes.subarray(at + 4, at + 4 + prevLength);
    at += 4 + prevLength;
    events.push({ type, key, value, prev });
  }
  return events;
}
