/** Non-interactive `docker exec`: run a command in a running container, collect its output. */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { Container } from 'dockerode';
import type { ExecResult } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';

/** execInContainer runs `command`; a timeout answers exit code 137 (the command is left to docker). */
export async function execInContainer(docker: Dockerode, container: Container, command: string[], timeoutMs: number): Promise<ExecResult> {
  if (command.length === 0) throw new DroverError('DROVER_ERR_EXEC_INVALID', 'exec: empty command', { statusCode: 400, location: 'command' });
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  docker.modem.demuxStream(stream, stdout, stderr);
  const ended = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs > 0 ? timeoutMs : 60_000);
    stream.once('end', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ended) (stream as { destroy?: () => void }).destroy?.();
  const info = await exec.inspect();
  return { exitCode: ended ? info.ExitCode ?? 0 : 137, stdout: new Uint8Array(Buffer.concat(out)), stderr: new Uint8Array(Buffer.concat(err)) };
}
