/** runCommand: run a short-lived command to completion with a timeout (used by exec). */
import { spawn } from 'node:child_process';
import type { ExecResult } from '../../plugins/driver.js';

/** RunCommandOptions for runCommand. */
export interface RunCommandOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
}

/** runCommand collects stdout/stderr; a timeout kills the command (exit code 137). */
export function runCommand(command: string, args: string[], opts: RunCommandOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs > 0 ? opts.timeoutMs : 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, stdout: new Uint8Array(), stderr: new TextEncoder().encode(e.message) });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = code ?? (signal === 'SIGKILL' ? 137 : 128);
      resolve({ exitCode, stdout: new Uint8Array(Buffer.concat(out)), stderr: new Uint8Array(Buffer.concat(err)) });
    });
  });
}
