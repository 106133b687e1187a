/**
 * Test helpers for an in-process server on the embedded store in a temp dir: start, wait on
 * state with a deadline, tear down.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { DroverServer, ServerConfig } from '../../server/server.js';
import { startServer } from '../../server/server.js';

/** startTestServer starts a leader with `numSchedulers` workers; torn down with the test. */
export async function startTestServer(t: Test, overrides: Partial<ServerConfig> = {}): Promise<DroverServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drover-server-'));
  const server = await startServer({ dataDir, numSchedulers: 1, log: () => {}, ...overrides });
  t.teardown(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  await server.leadership;
  return server;
}

/** waitUntil polls `cond` on every state change (and every 50 ms) until it holds or the deadline passes. */
export async function waitUntil(server: Pick<DroverServer, 'store'>, cond: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  if (cond()) return;
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (cond()) { done(); resolve(); }
    };
    const off = server.store.onApply(check);
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for: ${what}`)); }, deadlineMs);
    function done(): void { off(); clearInterval(poll); clearTimeout(timer); }
  });
}
