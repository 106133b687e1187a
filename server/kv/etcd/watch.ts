/**
 * EtcdWatch adapts an etcd3 Watcher to the contract's ordered batch stream.
 * - Events of one response are regrouped per mod_revision (etcd sends a revision whole).
 * - Revisions at or below the last delivered one are dropped (etcd 3.4.23 can duplicate events,
 *   #15275), so the cursor never moves backwards.
 * - On reconnect the watch resumes from last delivered + 1 (etcd3 itself would resume from the
 *   response header revision, which can skip events still being caught up).
 */
import type { Etcd3, IWatchResponse, Watcher } from 'etcd3';
import type { KvEvent, KvWatch, KvWatchBatch } from '../contract.js';
import { BatchQueue } from '../batch-queue.js';
import { kvError } from '../errors.js';
import { mapEtcdError } from './errors.js';
import type { Namespace } from './requests.js';

/** EtcdWatch streams changes under one prefix from a revision. */
export class EtcdWatch implements KvWatch {
  private readonly queue = new BatchQueue();
  private readonly watcher: Watcher;
  private lastDelivered: number;

  constructor(client: Etcd3, private readonly ns: Namespace, prefix: string, fromRevision: number, private readonly onClose: () => void = () => undefined) {
    const start = Math.max(1, fromRevision);
    this.lastDelivered = start - 1;
    const range = ns.range(prefix);
    const builder = client.watch().inRange({ start: range.key, end: range.range_end }).startRevision(String(start));
    this.watcher = builder.watcher();
    this.watcher.on('data', (res) => this.onResponse(res));
    this.watcher.on('disconnected', () => {
      this.watcher.request.start_revision = this.lastDelivered + 1;
    });
    this.watcher.on('error', (err: Error) => this.queue.fail(this.watchError(err, prefix)));
  }

  close(): void {
    if (this.queue.isEnded) return;
    this.queue.end();
    this.onClose();
    void this.watcher.cancel().catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<KvWatchBatch> {
    return this.queue[Symbol.asyncIterator]();
  }

  private onResponse(res: IWatchResponse): void {
    let batch: KvWatchBatch | undefined;
    for (const event of res.events) {
      const revision = Number(event.kv.mod_revision);
      if (revision <= this.lastDelivered) continue;
      if (batch !== undefined && batch.revision !== revision) {
        this.deliver(batch);
        batch = undefined;
      }
      batch ??= { revision, events: [] };
      batch.events.push(this.toEvent(event.type, event.kv.key, event.kv.value, revision));
    }
    if (batch !== undefined) this.deliver(batch);
  }

  /** etcd 3.4 cancels a watch without a reason only when its start revision was compacted. */
  private watchError(err: Error, prefix: string): Error {
    if (/^Watcher canceled:\s*$/.test(err.message)) {
      return kvError('DROVER_ERR_KV_COMPACTED', `watch of ${JSON.stringify(prefix)} from revision ${this.lastDelivered + 1}: etcd compacted that history; re-list and watch again`, { location: prefix, cause: err });
    }
    const mapped = mapEtcdError(err, prefix);
    return mapped.code === 'DROVER_ERR_KV_UNAVAILABLE' ? kvError('DROVER_ERR_KV_UNAVAILABLE', `etcd watch failed: ${err.message}`, { location: prefix, cause: err }) : mapped;
  }

  private deliver(batch: KvWatchBatch): void {
    this.lastDelivered = batch.revision;
    this.watcher.request.start_revision = batch.revision + 1;
    this.queue.push(batch);
  }

  private toEvent(type: string, key: Buffer, value: Buffer, revision: number): KvEvent {
    const contractKey = this.ns.strip(key);
    return type === 'Put'
      ? { type: 'put', key: contractKey, value, modRevision: revision }
      : { type: 'delete', key: contractKey, modRevision: revision };
  }
}
