/**
 * streamAllocLogs: read a task's logs through the client's logs endpoint (plain text), with
 * follow, an origin/offset, and an optional prefix on every line (used by `job logs`).
 */
import type { Connection } from './env.js';

/** LogStreamOptions select the stream and how to print it. */
export interface LogStreamOptions {
  type: 'stdout' | 'stderr';
  follow: boolean;
  /** Start from the end, `tail` bytes back (Nomad's -tail / -n in bytes and lines). */
  tailBytes?: number;
  linePrefix?: string;
  out?: NodeJS.WritableStream;
}

/** streamAllocLogs copies the logs to `out` (stdout by default) until the stream ends. */
export async function streamAllocLogs(conn: Connection, allocId: string, task: string, opts: LogStreamOptions): Promise<void> {
  const out = opts.out ?? process.stdout;
  const query: Record<string, string> = { task, type: opts.type, plain: 'true', follow: String(opts.follow) };
  if (opts.tailBytes !== undefined) { query.origin = 'end'; query.offset = String(opts.tailBytes); }
  const res = await fetch(conn.client.url(`/v1/client/fs/logs/${allocId}`, { query }));
  if (!res.ok || !res.body) throw new Error(`logs of ${allocId}/${task}: HTTP ${res.status}: ${await res.text()}`);
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (!opts.linePrefix) { out.write(text); continue; }
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) out.write(`${opts.linePrefix}${l}\n`);
  }
  if (pending && opts.linePrefix) out.write(`${opts.linePrefix}${pending}\n`);
}
