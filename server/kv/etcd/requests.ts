/**
 * Translation of contract txns into etcd v3 TxnRequests. Our keys live under a namespace
 * prefix; `exists` maps to a Version compare (version 0 = absent), as etcd has no exists target.
 */
import type { ICompare, IRequestOp, ITxnRequest } from 'etcd3';
import { assertNever } from '../../../api/errors.js';
import type { KvCompare, KvOp, KvTxn } from '../contract.js';
import { prefixEnd } from '../keys.js';

/** Namespace maps contract keys to etcd keys and back. */
export class Namespace {
  private readonly prefixBytes: Buffer;

  constructor(readonly prefix: string) {
    this.prefixBytes = Buffer.from(prefix, 'utf8');
  }

  /** key is the etcd key of a contract key. */
  key(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  /** strip turns an etcd key back into a contract key. */
  strip(etcdKey: Buffer): string {
    return etcdKey.subarray(this.prefixBytes.length).toString('utf8');
  }

  /** range returns [key, range_end) covering every contract key starting with `prefix`. */
  range(prefix: string): { key: Buffer; range_end: Buffer } {
    const key = this.key(prefix);
    // An empty/all-0xff prefix has no upper bound: etcd reads range_end "\0" as "to the end".
    return { key: key.length === 0 ? Buffer.from([0]) : key, range_end: prefixEnd(key) ?? Buffer.from([0]) };
  }
}

function toCompare(ns: Namespace, compare: KvCompare): ICompare {
  switch (compare.kind) {
    case 'modRevision': {
      const result = compare.op === '=' ? 'Equal' : compare.op === '<' ? 'Less' : 'Greater';
      return { key: ns.key(compare.key), target: 'Mod', result, mod_revision: compare.revision };
    }
    case 'exists':
      return { key: ns.key(compare.key), target: 'Version', result: compare.exists ? 'Greater' : 'Equal', version: 0 };
    case 'value':
      return { key: ns.key(compare.key), target: 'Value', result: 'Equal', value: Buffer.from(compare.value) };
    default:
      return assertNever(compare, 'kv compare');
  }
}

function toOp(ns: Namespace, op: KvOp): IRequestOp {
  switch (op.kind) {
    case 'put': {
      const value = Buffer.from(op.value.buffer, op.value.byteOffset, op.value.byteLength);
      return { request_put: op.lease === undefined ? { key: ns.key(op.key), value } : { key: ns.key(op.key), value, lease: op.lease } };
    }
    case 'delete':
      return { request_delete_range: { key: ns.key(op.key) } };
    case 'deletePrefix':
      return { request_delete_range: ns.range(op.prefix) };
    default:
      return assertNever(op, 'kv op');
  }
}

/** toTxnRequest builds the etcd request; the failure branch is empty. */
export function toTxnRequest(ns: Namespace, txn: KvTxn): ITxnRequest {
  return {
    compare: (txn.compare ?? []).map((c) => toCompare(ns, c)),
    success: txn.ops.map((op) => toOp(ns, op)),
    failure: [],
  };
}
