/** Shared helpers for client tests: temp dirs and condition waits with a deadline. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** tempDir creates a private temp dir removed at teardown. */
export async function tempDir(t: { teardown(fn: () => unknown): void }, prefix = 'drover-client-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch((e: unknown) => { console.error('tempDir cleanup failed', e); }));
  return dir;
}

/** waitFor polls `cond` until it is truthy or the deadline passes (then throws with `what`). */
export async function waitFor<T>(what: string, cond: () => T | Promise<T>, timeoutMs = 10_000, pollMs = 20): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const v = await cond();
    if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
