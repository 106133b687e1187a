/**
 * Reading a task's logs through the client's logs endpoint (plain text): streamAllocLogs
 * copies a stream (optionally following it, from a byte offset, with a prefix on every line,
 * as `job logs` uses); readAllLogs reads what exists now, for `-tail -n`.
 */
import { DroverError } from '../api/errors.js';
import type { Connection } from './env.js';

/** LogStreamOptions select the stream and how to print it. */
export interface LogStreamOptions {
  type: 'stdout' | 'stderr';
  follow: boolean;
  /** Start this many bytes from the start of the log (after a -tail read). */
  startOffset?: number;
  linePrefix?: string;
  out?: NodeJS.WritableStream;
}

async function open(conn: Connection, allocId: string, task: string, query: Record<string, string>): Promise<Response> {
  const res = await fetch(conn.client.url(`/v1/client/fs/logs/${allocId}`, { query: { task, plain: 'true', ...query } }));
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = text;
    try { message = String((JSON.parse(text) as { message?: unknown }).message ?? text); } catch { /* plain text */ }
    throw new DroverError(res.status === 404 ? 'DROVER_ERR_NOT_FOUND' : 'DROVER_ERR_LOGS', `logs of ${allocId}/${task}: HTTP ${res.status}: ${message}`, { statusCode: res.status, location: allocId });
  }
  return res;
}

/** readAllLogs returns the bytes of the log as they are now. */
export async function readAllLogs(conn: Connection, allocId: string, task: string, type: 'stdout' | 'stderr'): Promise<Buffer> {
  const res = await open(conn, allocId, task, { type, follow: 'false' });
  return Buffer.from(await res.arrayBuffer());
}

/** lastLines returns the last `n` lines of `text` (a trailing newline does not count as a line). */
export function lastLines(text: string, n: number): string {
  if (n <= 0) return '';
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (body === '') return '';
  const lines = body.split('\n');
  return `${lines.slice(-n).join('\n')}\n`;
}

/** streamAllocLogs copies the logs to `out` (stdout by default) until the stream ends. */
export async function streamAllocLogs(conn: Connection, allocId: string, task: string, opts: LogStreamOptions): Promise<void> {
  const out = opts.out ?? process.stdout;
  const query: Record<string, string> = { type: opts.type, follow: String(opts.follow) };
  if (opts.startOffset !== undefined) { query.origin = 'start'; query.offset = String(opts.startOffset); }
  const res = await open(conn, allocId, task, query);
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
