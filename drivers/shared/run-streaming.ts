/** runStreaming: an interactive (non-tty) exec: stdin in, stdout/stderr out, abortable. */
import { spawn } from 'node:child_process';
import type { ExecStreamingOptions } from '../../plugins/driver.js';
import { DroverError } from '../../api/errors.js';

/** CommandLine is a program with its arguments, working dir and environment. */
export interface CommandLine {
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string>;
}

/**
 * runStreaming runs `line`, pumping `opts.stdin` into it and its output into the callbacks.
 * Aborting `opts.signal` kills it (exit code 137). TTYs need a pty and are not supported.
 */
export async function runStreaming(line: CommandLine, opts: ExecStreamingOptions): Promise<{ exitCode: number }> {
  if (opts.tty) throw new DroverError('DROVER_ERR_DRIVER_NOT_SUPPORTED', 'exec with a tty is not supported by this driver', { statusCode: 400, location: 'tty' });
  const child = spawn(line.command, line.args, { cwd: line.cwd, env: line.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => opts.onStdout(new Uint8Array(c)));
  child.stderr.on('data', (c: Buffer) => opts.onStderr(new Uint8Array(c)));
  child.stdin.on('error', () => undefined);
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const exited = new Promise<{ exitCode: number }>((resolve) => {
    child.once('error', () => resolve({ exitCode: 127 }));
    child.once('close', (code) => resolve({ exitCode: code ?? 137 }));
  });
  void (async () => {
    try {
      for await (const chunk of opts.stdin) {
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
      }
    } finally {
      child.stdin.end();
    }
  })().catch(() => undefined);
  try {
    return await exited;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
