/** Non-interactive `docker exec`: run a command in a running container, collect its output. */
import { PassThrough } from 'node:stream';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { Container } from 'dockerode';
import type { ExecResult, ExecStreamingOptions } from '../../plugins/driver.js';
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

/** execStreamingInContainer runs an interactive exec (stdin, optional tty with resize). */
export async function execStreamingInContainer(docker: Dockerode, container: Container, opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
  if (opts.command.length === 0) throw new DroverError('DROVER_ERR_EXEC_INVALID', 'exec: empty command', { statusCode: 400, location: 'command' });
  const exec = await container.exec({ Cmd: opts.command, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: opts.tty });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: opts.tty })) as Duplex;
  if (opts.tty) {
    stream.on('data', (c: Buffer) => opts.onStdout(new Uint8Array(c)));
  } else {
    const stdout = new PassThrough().on('data', (c: Buffer) => opts.onStdout(new Uint8Array(c)));
    const stderr = new PassThrough().on('data', (c: Buffer) => opts.onStderr(new Uint8Array(c)));
    docker.modem.demuxStream(stream, stdout, stderr);
  }
  const ended = new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
  const onAbort = (): void => {
    stream.destroy();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  void (async () => {
    for await (const chunk of opts.stdin) stream.write(chunk);
    stream.end();
  })().catch(() => undefined);
  if (opts.resize !== undefined) {
    const resize = opts.resize;
    void (async () => {
      for await (const size of resize) await exec.resize({ h: size.height, w: size.width }).catch(() => undefined);
    })().catch(() => undefined);
  }
  await ended;
  opts.signal?.removeEventListener('abort', onAbort);
  if (opts.signal?.aborted === true) return { exitCode: 137 };
  return { exitCode: (await exec.inspect()).ExitCode ?? 0 };
}
