/**
 * Follow a container's logs into the task's stdout/stderr files (demultiplexed), from the
 * container start or, after an agent restart, from the last write to those files.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Container } from 'dockerode';
import type Dockerode from 'dockerode';

/** LogFollower stops following when closed (the container's own log buffer keeps the rest). */
export interface LogFollower {
  close(): void;
  /** Resolves when the log stream ended (the container exited and all output was written). */
  done: Promise<void>;
}

/** sinceForResume: seconds since the epoch of the last write to `path` (0 when it does not exist). */
export async function sinceForResume(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined || info.size === 0 ? 0 : info.mtimeMs / 1000;
}

/** followLogs streams `container` logs into the two files (appending). */
export async function followLogs(docker: Dockerode, container: Container, stdoutPath: string, stderrPath: string, since: number): Promise<LogFollower> {
  const stream = (await container.logs({ follow: true, stdout: true, stderr: true, since })) as NodeJS.ReadableStream & { destroy?: () => void };
  const stdout = createWriteStream(stdoutPath, { flags: 'a' });
  const stderr = createWriteStream(stderrPath, { flags: 'a' });
  docker.modem.demuxStream(stream, stdout, stderr);
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      let pending = 2;
      const one = (): void => {
        pending -= 1;
        if (pending === 0) resolve();
      };
      stdout.end(one);
      stderr.end(one);
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { close: () => stream.destroy?.(), done };
}
