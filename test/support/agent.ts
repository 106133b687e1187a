/**
 * Test helpers that drive the real `drover` binary: start `drover agent -dev` on a free port in
 * a temp data dir (killed at teardown), and run CLI commands against it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

/** repoRoot is the checkout root (tests run from dist/test/...). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(repoRoot, 'dist/cli/main.js');

/** DevAgent is a running `drover agent -dev`. */
export interface DevAgent {
  address: string;
  dataDir: string;
  process: ChildProcess;
  /** run executes `drover <args>` against this agent. */
  run(args: readonly string[], opts?: { input?: string; env?: Record<string, string> }): { code: number; stdout: string; stderr: string };
}

/** startDevAgent starts `drover agent -dev` and resolves once its HTTP API answers. */
export function startDevAgent(t: Test, extraArgs: readonly string[] = []): Promise<DevAgent> {
  return startAgent(t, ['-dev', ...extraArgs]);
}

/** startAgent starts `drover agent <args>` on a free port in a fresh data dir (or `-data-dir`
 * given in args) and resolves once it printed its banner. */
export async function startAgent(t: Test, args: readonly string[], dataDirArg?: string): Promise<DevAgent> {
  const dataDir = dataDirArg ?? await mkdtemp(join(tmpdir(), 'drover-agent-'));
  const child = spawn(process.execPath, [MAIN, 'agent', '-http-port', '0', '-data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  t.teardown(async () => {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  });
  const address = await new Promise<string>((resolveAddr, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`agent did not start in 60 s; stderr:\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Advertise Addrs: HTTP: (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolveAddr(`http://${m[1]}`); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`agent exited with ${code}; stderr:\n${stderr}`)); });
  });
  return {
    address,
    dataDir,
    process: child,
    run(args, opts = {}) {
      const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', input: opts.input, env: { ...process.env, DROVER_ADDR: address, NO_COLOR: '1', ...opts.env }, timeout: 120_000 });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

/** tempDir makes a fresh temp dir removed when the test ends. */
export async function tempDir(t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }).catch(() => undefined));
  return dir;
}

/** waitFor polls `probe` until it returns a value or the deadline passes. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, deadlineMs = 60_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** runCli runs the binary without an agent (parse-only commands). */
export function runCli(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
