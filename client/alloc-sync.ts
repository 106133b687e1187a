/**
 * AllocSyncBatcher: collects alloc status updates and sends the latest one per allocation to the
 * servers every `intervalMs` (Nomad's allocSyncIntv, 200 ms). A failed push keeps the updates
 * for the next round unless a newer one arrived. Nothing is sent before `enable()` (GH-17074:
 * no alloc updates until the client first synchronised with the servers).
 */
import type { AllocUpdate } from './types.js';

/** AllocSyncBatcher batches and retries alloc updates. */
export class AllocSyncBatcher {
  private pending = new Map<string, AllocUpdate>();
  private timer: NodeJS.Timeout | undefined;
  private enabled = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly push: (updates: AllocUpdate[]) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** enqueue records the latest status of one allocation. */
  enqueue(update: AllocUpdate): void {
    this.pending.set(update.ID, update);
  }

  /** enable starts sending. */
  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.flush());
    }, this.intervalMs);
    this.timer.unref();
  }

  /** flush sends what is pending now. */
  async flush(): Promise<void> {
    if (!this.enabled || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.push([...batch.values()]);
    } catch (e) {
      for (const [id, u] of batch) if (!this.pending.has(id)) this.pending.set(id, u);
      this.onError(e);
    }
  }

  /** stop ends the timer after one last flush attempt. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.flush();
    this.enabled = false;
  }
}
