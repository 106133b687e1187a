/**
 * LogRotator: moves what a task writes to its live log file into rotated files
 * `alloc/logs/<task>.<stream>.N` (N = 0, 1, ...), keeping at most `maxFiles` of at most
 * `maxFileSizeBytes` each (Nomad's `logs { max_files = 10, max_file_size = 10 }`).
 *
 * Why a tailed live file and not a pipe (see contributing/architecture-client.md, "Logs"):
 * the driver points the task's stdout/stderr at `alloc/logs/.<task>.<stream>.live`, a plain file
 * opened for append. The task never depends on the agent being alive (a FIFO would block or
 * SIGPIPE the task while the agent is down after kill -9). The agent polls the live file, appends
 * new bytes to the current rotated file, and truncates the live file once it has copied
 * `truncateAfterBytes`. Its read position is saved in `.<task>.<stream>.pos`, so after a restart it
 * continues where it stopped (bytes copied just before a crash may be copied twice; bytes the task
 * writes between the agent's last read and the truncate are lost - a narrow window).
 * Every open uses O_NOFOLLOW: the log dir is writable by tasks (CVE-2026-6959, symlink swap).
 */
import { constants } from 'node:fs';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** LogStream is one of a task's two output streams. */
export type LogStream = 'stdout' | 'stderr';

/** LogRotatorOptions configure one rotator (one task stream). */
export interface LogRotatorOptions {
  logDir: string;
  task: string;
  stream: LogStream;
  maxFiles: number;
  maxFileSizeBytes: number;
  /** Poll period of the live file (default 100 ms). */
  pollMs?: number;
  /** Truncate the live file after this many bytes were copied (default = maxFileSizeBytes). */
  truncateAfterBytes?: number;
}

/** liveLogPath is the file the driver writes the task's stream to. */
export function liveLogPath(logDir: string, task: string, stream: LogStream): string {
  return join(logDir, `.${task}.${stream}.live`);
}

/** rotatedLogPath is rotated file number `n`. */
export function rotatedLogPath(logDir: string, task: string, stream: LogStream, n: number): string {
  return join(logDir, `${task}.${stream}.${n}`);
}

/** listRotatedIndexes returns the existing rotated file numbers, ascending. */
export async function listRotatedIndexes(logDir: string, task: string, stream: LogStream): Promise<number[]> {
  const prefix = `${task}.${stream}.`;
  const names = await readdir(logDir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length))).sort((a, b) => a - b);
}

const NOFOLLOW = constants.O_NOFOLLOW;
const CHUNK = 64 * 1024;

/** LogRotator copies and rotates one stream; `start` then `stop` (stop copies the remainder). */
export class LogRotator {
  readonly livePath: string;
  private readonly posPath: string;
  private offset = 0;
  private index = 0;
  private currentSize = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly pollMs: number;
  private readonly truncateAfter: number;

  constructor(private readonly opts: LogRotatorOptions) {
    this.livePath = liveLogPath(opts.logDir, opts.task, opts.stream);
    this.posPath = join(opts.logDir, `.${opts.task}.${opts.stream}.pos`);
    this.pollMs = opts.pollMs ?? 100;
    this.truncateAfter = opts.truncateAfterBytes ?? opts.maxFileSizeBytes;
  }

  /** start creates the live file if needed, restores the position and begins polling. */
  async start(): Promise<void> {
    const fh = await open(this.livePath, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NOFOLLOW, 0o644);
    await fh.close();
    try {
      const pos = JSON.parse(await readFile(this.posPath, 'utf8')) as { offset?: number };
      this.offset = typeof pos.offset === 'number' ? pos.offset : 0;
    } catch {
      this.offset = 0;
    }
    const indexes = await listRotatedIndexes(this.opts.logDir, this.opts.task, this.opts.stream);
    this.index = indexes.at(-1) ?? 0;
    this.currentSize = await stat(this.rotated(this.index)).then((s) => s.size, () => 0);
    this.schedule();
  }

  private rotated(n: number): string {
    return rotatedLogPath(this.opts.logDir, this.opts.task, this.opts.stream, n);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.pump().catch(() => undefined).then(() => {
        if (this.timer !== undefined) this.schedule();
      });
    }, this.pollMs);
    this.timer.unref();
  }

  /** stop ends polling after copying everything written so far. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.pump().catch(() => undefined);
  }

  /** pump copies new bytes of the live file into rotated files (exported for tests). */
  async pump(): Promise<void> {
    let live: FileHandle;
    try {
      live = await open(this.livePath, constants.O_RDWR | NOFOLLOW);
    } catch {
      return;
    }
    try {
      const size = (await live.stat()).size;
      if (size < this.offset) this.offset = 0; // truncated by someone else: start over
      let copied = false;
      const buf = Buffer.allocUnsafe(CHUNK);
      while (true) {
        const { bytesRead } = await live.read(buf, 0, CHUNK, this.offset);
        if (bytesRead === 0) break;
        let data: Buffer = buf.subarray(0, bytesRead);
        if (this.offset === 0) data = skipLeadingHole(data);
        await this.append(data);
        this.offset += bytesRead;
        copied = true;
      }
      if (this.offset >= this.truncateAfter) {
        await live.truncate(0);
        this.offset = 0;
        copied = true;
      }
      if (copied) await writeFile(this.posPath, JSON.stringify({ offset: this.offset }));
    } finally {
      await live.close();
    }
  }

  private async append(data: Buffer): Promise<void> {
    let rest: Buffer = data;
    while (rest.length > 0) {
      if (this.currentSize >= this.opts.maxFileSizeBytes) await this.rotate();
      const room = this.opts.maxFileSizeBytes - this.currentSize;
      const part = rest.subarray(0, room);
      const fh = await open(this.rotated(this.index), constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NOFOLLOW, 0o644);
      try {
        await fh.write(part);
      } finally {
        await fh.close();
      }
      this.currentSize += part.length;
      rest = rest.subarray(part.length);
    }
  }

  private async rotate(): Promise<void> {
    this.index += 1;
    this.currentSize = 0;
    const oldest = this.index - this.opts.maxFiles;
    for (const n of await listRotatedIndexes(this.opts.logDir, this.opts.task, this.opts.stream)) {
      if (n <= oldest) await rm(this.rotated(n), { force: true });
    }
  }
}

/** skipLeadingHole drops NUL bytes a non-append writer leaves at the start after a truncate. */
function skipLeadingHole(data: Buffer): Buffer {
  let i = 0;
  while (i < data.length && data[i] === 0) i++;
  return data.subarray(i);
}
