/**
 * A real single-member etcd for tests: found on PATH, bound to 127.0.0.1 on free ports, data in
 * a temp dir, torn down with the test. `kill9()`, `pause()`/`resume()` and `restart()` (same
 * ports and data dir) are the crash and stall nemeses. Started with the limits Drover's plan txns need (--max-txn-ops 10000,
 * --max-request-bytes 32 MiB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** EtcdServer is a running (or killed) etcd member under test control. */
export interface EtcdServer {
  readonly endpoint: string;
  readonly dataDir: string;
  /** SIGKILL the member and wait for it to exit. */
  kill9(): Promise<void>;
  /** SIGSTOP the member (requests hang until `resume`); resolves once the kernel reports it stopped. */
  pause(): Promise<void>;
  /** SIGCONT a paused member. */
  resume(): void;
  /** Stop (if running) and start again on the same ports and data dir; waits until healthy. */
  restart(): Promise<void>;
  /** SIGTERM and remove the data dir (also done at teardown). */
  stop(): Promise<void>;
}

/** Teardownable is the part of a tap Test this helper uses. */
export interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** findEtcdBinary returns the path of `etcd` on PATH, or undefined. */
export function findEtcdBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'etcd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** freePort binds port 0 on 127.0.0.1 and releases it, returning the port number. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(endpoint: string, child: ChildProcess, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** startEtcd starts a member for test `t`; returns undefined when etcd is not installed (caller skips). */
export async function startEtcd(t: Teardownable): Promise<EtcdServer | undefined> {
  const binary = findEtcdBinary();
  if (binary === undefined) return undefined;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drover-etcd-'));
  let child: ChildProcess | undefined;
  let clientPort = 0;
  let peerPort = 0;
  const launch = (): ChildProcess => {
    const client = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    return spawn(binary, [
      '--name', 'drover-test', '--data-dir', path.join(dataDir, 'member'),
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `drover-test=${peer}`,
      '--max-txn-ops', '10000', '--max-request-bytes', String(32 * 1024 * 1024),
      '--logger', 'zap', '--log-level', 'error',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const startOnce = async (): Promise<boolean> => {
    child = launch();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    const healthy = await waitHealthy(`http://127.0.0.1:${clientPort}`, child, 20_000);
    if (!healthy) {
      child.kill('SIGKILL');
      await waitExit(child);
      if (!/address already in use/.test(stderr)) throw new Error(`etcd did not become healthy: ${stderr}`);
    }
    return healthy;
  };
  for (let attempt = 0; ; attempt++) {
    clientPort = await freePort();
    peerPort = await freePort();
    if (await startOnce()) break;
    if (attempt >= 4) throw new Error('etcd: no free ports after 5 attempts');
  }
  const killWith = async (signal: NodeJS.Signals): Promise<void> => {
    if (child === undefined) return;
    child.kill(signal);
    await waitExit(child);
  };
  const server: EtcdServer = {
    endpoint: `http://127.0.0.1:${clientPort}`,
    dataDir,
    kill9: () => killWith('SIGKILL'),
    pause: async () => {
      const pid = child?.pid;
      child?.kill('SIGSTOP');
      if (pid === undefined) return;
      // The signal is asynchronous: wait until /proc says the process is stopped (state T).
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        if (/\) T /.test(stat)) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    resume: () => { child?.kill('SIGCONT'); },
    restart: async () => {
      await killWith('SIGTERM');
      if (!(await startOnce())) throw new Error('etcd did not come back after restart (ports taken)');
    },
    stop: async () => {
      child?.kill('SIGCONT');
      await killWith('SIGTERM');
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  t.teardown(() => server.stop());
  return server;
}
