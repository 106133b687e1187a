/**
 * Follow a container's logs into the task's stdout/stderr files (demultiplexed). After an agent
 * restart, logs are resumed after the last write to the stdout file: Docker is asked for
 * timestamped lines since that second, and lines stamped before the file's mtime (already
 * written) are dropped, so nothing is duplicated.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { TransformCallback, Writable } from 'node:stream';
import type { Container } from 'dockerode';
import type Dockerode from 'dockerode';

/** LogFollower stops following when closed (the container's own log buffer keeps the rest). */
export interface LogFollower {
  close(): void;
  /** Resolves when the log stream ended (the container exited and all output was written). */
  done: Promise<void>;
}

/**
 * File mtimes come from the kernel's coarse clock, which lags real time by up to one tick
 * (4-10 ms): a line Docker stamped just before our last write can carry a later timestamp than
 * the file's mtime. Resuming this much after the mtime avoids duplicating it.
 */
const coarseClockMarginNs = 20_000_000n;

/** resumePointNs: mtime of `path` (+ clock margin) in ns since the epoch; undefined when empty. */
export async function resumePointNs(path: string): Promise<bigint | undefined> {
  const info = await stat(path, { bigint: true }).catch(() => undefined);
  return info === undefined || info.size === 0n ? undefined : info.mtimeNs + coarseClockMarginNs;
}

/** timestampNs parses Docker's RFC 3339 nano timestamp (`2026-11-23T16:50:00.123456789Z`). */
export function timestampNs(stamp: string): bigint | undefined {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (match === null) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0').slice(0, 9);
  return BigInt(seconds) * 1_000_000n + BigInt(fraction);
}

/** AfterTimestamp strips Docker's timestamp prefix and drops lines stamped at or before `afterNs`. */
class AfterTimestamp extends Transform {
  private pending = '';
  constructor(private readonly afterNs: bigint) {
    super();
  }

  private emitLine(line: string): void {
    const space = line.indexOf(' ');
    const ts = space < 0 ? undefined : timestampNs(line.slice(0, space));
    if (ts === undefined) this.push(line);
    else if (ts > this.afterNs) this.push(line.slice(space + 1));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending += chunk.toString('utf8');
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      this.emitLine(this.pending.slice(0, nl + 1));
      this.pending = this.pending.slice(nl + 1);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pending !== '') this.emitLine(this.pending);
    done();
  }
}

/** followLogs streams `container` logs into the two files (appending), after `resumeAfterNs` if given. */
export async function followLogs(docker: Dockerode, container: Container, stdoutPath: string, stderrPath: string, resumeAfterNs?: bigint): Promise<LogFollower> {
  const since = resumeAfterNs === undefined ? 0 : Number(resumeAfterNs / 1_000_000_000n);
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since, timestamps: resumeAfterNs !== undefined })) as NodeJS.ReadableStream & { destroy?: () => void };
  const stdoutFile = createWriteStream(stdoutPath, { flags: 'a' });
  const stderrFile = createWriteStream(stderrPath, { flags: 'a' });
  const sink = (file: Writable): Writable => {
    if (resumeAfterNs === undefined) return file;
    const filter = new AfterTimestamp(resumeAfterNs);
    filter.pipe(file);
    return filter;
  };
  const stdout = sink(stdoutFile);
  const stderr = sink(stderrFile);
  docker.modem.demuxStream(stream, stdout, stderr);
  const closed = (file: Writable): Promise<void> => new Promise((resolve) => file.once('close', () => resolve()));
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      void Promise.all([closed(stdoutFile), closed(stderrFile)]).then(() => resolve());
      stdout.end();
      stderr.end();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { close: () => stream.destroy?.(), done };
}
