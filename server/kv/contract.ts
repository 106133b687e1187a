/**
 * The KV backend contract: a durable, revisioned key-value store shaped like etcd v3.
 *
 * Promises (every backend, checked by test/kv/conformance.ts):
 * - One global revision counter. Every successful txn that writes bumps it by exactly one and
 *   all its puts/deletes carry that revision (`modRevision`). The revision is Drover's index.
 * - `txn` is atomic: either every compare holds and every op applies, or nothing applies.
 * - When `txn` resolves with `succeeded: true`, the write is durable (fsynced / quorum-committed).
 *   A rejected promise means "maybe committed" (callers re-read before retrying).
 * - `watch(prefix, fromRevision)` yields every change with revision >= fromRevision in revision
 *   order, each txn's events grouped in one batch, with no gaps, until closed.
 * - `range` at a revision returns the state as of that revision (while not compacted).
 *
 * Deliberately left out: multi-version history beyond what watch needs, key TTLs other than
 * leases, and range pagination (the store mirror reads tables whole at start-up).
 */

/** KvEntry is one stored key. Values are opaque bytes; the store layer encodes records. */
export interface KvEntry {
  key: string;
  value: Uint8Array;
  createRevision: number;
  modRevision: number;
  version: number;
}

/** KvCompare is one precondition of a txn. */
export type KvCompare =
  | { readonly kind: 'modRevision'; readonly key: string; readonly op: '=' | '<' | '>'; readonly revision: number }
  | { readonly kind: 'exists'; readonly key: string; readonly exists: boolean }
  | { readonly kind: 'value'; readonly key: string; readonly value: Uint8Array };

/** KvOp is one write of a txn. */
export type KvOp =
  | { readonly kind: 'put'; readonly key: string; readonly value: Uint8Array; readonly lease?: string }
  | { readonly kind: 'delete'; readonly key: string }
  | { readonly kind: 'deletePrefix'; readonly prefix: string };

/** KvTxn is an atomic compare-and-write. */
export interface KvTxn {
  compare?: readonly KvCompare[];
  ops: readonly KvOp[];
}

/** KvTxnResult: `revision` is the new revision on success, the current one on failure. */
export interface KvTxnResult {
  succeeded: boolean;
  revision: number;
}

/** KvEvent is one change seen by a watch. `value` is absent for deletes. */
export interface KvEvent {
  type: 'put' | 'delete';
  key: string;
  value?: Uint8Array;
  modRevision: number;
}

/** KvWatchBatch groups the events of one revision. */
export interface KvWatchBatch {
  revision: number;
  events: KvEvent[];
}

/** KvWatch is an ordered async stream of change batches; `close()` ends it. */
export interface KvWatch extends AsyncIterable<KvWatchBatch> {
  close(): void;
}

/** KvRangeResult is a consistent read of a prefix at `revision`. */
export interface KvRangeResult {
  entries: KvEntry[];
  revision: number;
}

/** KvLeadership is one candidate's campaign for a named election. */
export interface KvLeadership {
  /** Resolves when this candidate becomes leader; returns the leader key's revision (the fence). */
  campaign(): Promise<{ fenceRevision: number }>;
  /** Resolves when leadership is lost (lease expired or resigned). */
  readonly lost: Promise<void>;
  resign(): Promise<void>;
  /** The leader key that writes must be fenced on. */
  readonly leaderKey: string;
}

/** KvBackendKind names the two implementations. */
export type KvBackendKind = 'embedded' | 'etcd';

/** KvBackend is the storage contract the server is built on. */
export interface KvBackend {
  readonly kind: KvBackendKind;
  /** Current revision (0 for an empty store). */
  revision(): Promise<number>;
  get(key: string): Promise<KvEntry | undefined>;
  range(prefix: string, opts?: { revision?: number }): Promise<KvRangeResult>;
  txn(txn: KvTxn): Promise<KvTxnResult>;
  watch(prefix: string, fromRevision: number): KvWatch;
  /** Start a campaign for leadership under `name`, identified by `candidateId`. */
  election(name: string, candidateId: string, ttlSeconds: number): KvLeadership;
  close(): Promise<void>;
}
