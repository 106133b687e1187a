/**
 * A reference model of the KV contract: a plain in-memory, fully versioned map. It is the
 * specification the property test (model.test.ts) holds the real backends to.
 */
import type { KvCompare, KvEntry, KvTxn, KvTxnResult, KvWatchBatch } from '../../server/kv/contract.js';

/** KvModel applies txns sequentially and remembers every revision's state and events. */
export class KvModel {
  revision: number;
  private state = new Map<string, KvEntry>();
  private readonly history = new Map<number, Map<string, KvEntry>>();
  readonly batches: KvWatchBatch[] = [];

  constructor(startRevision = 0) {
    this.revision = startRevision;
    this.history.set(startRevision, new Map());
  }

  /** txn applies `txn` with the contract's rules and returns what the backend must return. */
  txn(txn: KvTxn): KvTxnResult {
    if (!(txn.compare ?? []).every((c) => this.holds(c))) return { succeeded: false, revision: this.revision };
    const next = new Map(this.state);
    const revision = this.revision + 1;
    const batch: KvWatchBatch = { revision, events: [] };
    const remove = (key: string): void => {
      if (!next.delete(key)) return;
      batch.events.push({ type: 'delete', key, modRevision: revision });
    };
    for (const op of txn.ops) {
      if (op.kind === 'put') {
        const prev = next.get(op.key);
        next.set(op.key, { key: op.key, value: op.value, createRevision: prev?.createRevision ?? revision, modRevision: revision, version: (prev?.version ?? 0) + 1 });
        batch.events.push({ type: 'put', key: op.key, value: op.value, modRevision: revision });
      } else if (op.kind === 'delete') {
        remove(op.key);
      } else {
        for (const key of [...next.keys()].filter((k) => k.startsWith(op.prefix)).sort()) remove(key);
      }
    }
    if (batch.events.length === 0) return { succeeded: true, revision: this.revision };
    this.state = next;
    this.revision = revision;
    this.history.set(revision, next);
    this.batches.push(batch);
    return { succeeded: true, revision };
  }

  /** rangeAt returns the key-ordered entries under `prefix` at `revision`. */
  rangeAt(prefix: string, revision: number): KvEntry[] {
    let at = revision;
    while (!this.history.has(at) && at > 0) at--;
    const snapshot = this.history.get(at) ?? new Map<string, KvEntry>();
    return [...snapshot.values()].filter((e) => e.key.startsWith(prefix)).sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  private holds(compare: KvCompare): boolean {
    const entry = this.state.get(compare.key);
    switch (compare.kind) {
      case 'exists': return (entry !== undefined) === compare.exists;
      case 'value': return entry !== undefined && Buffer.compare(entry.value, compare.value) === 0;
      case 'modRevision': {
        const modRevision = entry?.modRevision ?? 0;
        return compare.op === '=' ? modRevision === compare.revision : compare.op === '<' ? modRevision < compare.revision : modRevision > compare.revision;
      }
    }
  }
}
