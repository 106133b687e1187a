/** Helpers to run a client agent as a child process (test/client/fixtures/agent-main.ts). */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './helpers.js';

const entry = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'agent-main.js');

/** alive: does a process with this PID exist? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** startAgentProcess starts an agent child on `dataDir` and waits for its `ready <nodeId>` line. */
export async function startAgentProcess(t: { teardown(fn: () => unknown): void }, dataDir: string, url: string): Promise<{ child: ChildProcess; nodeId: string }> {
  const child = spawn(process.execPath, [entry, dataDir, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const nodeId = await waitFor('agent ready', () => /ready (\S+)/.exec(out)?.[1], 20_000).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; agent output: ${out}`);
  });
  return { child, nodeId };
}

/** killHard sends SIGKILL and waits for the exit. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
