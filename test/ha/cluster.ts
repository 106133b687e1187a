/**
 * Helpers for HA tests: server agents on one etcd (`drover agent -config server.hcl` with
 * etcd_endpoints), raw HTTP calls that keep status and headers, and leader queries.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { DevAgent } from '../support/agent.js';
import { startAgent, waitFor } from '../support/agent.js';

/** HttpAnswer is a raw HTTP response. */
export interface HttpAnswer {
  status: number;
  code: string | null;
  body: string;
}

/** call sends `method path` with an optional JSON body and never throws on HTTP errors. */
export async function call(address: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpAnswer> {
  const res = await fetch(`${address}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, code: res.headers.get('x-drover-error-code'), body: await res.text() };
}

/** getJson GETs `path` and parses the body (throws on non-2xx). */
export async function getJson<T>(address: string, path: string): Promise<T> {
  const r = await call(address, 'GET', path);
  if (r.status >= 300) throw new Error(`GET ${path} -> ${r.status} ${r.body}`);
  return JSON.parse(r.body) as T;
}

/** leaderOf answers `/v1/status/leader` of `address` as `http://host:port`, or undefined. */
export async function leaderOf(address: string): Promise<string | undefined> {
  try {
    const addr = await getJson<string>(address, '/v1/status/leader');
    return addr === '' ? undefined : `http://${addr}`;
  } catch {
    return undefined;
  }
}

/** serverConfig writes an HA server config on `endpoint` with a unique prefix. */
export async function serverConfig(endpoint: string, extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drover-ha-'));
  const file = join(dir, 'server.hcl');
  const prefix = `/drover-test-${process.pid}-${Date.now()}/`;
  await writeFile(file, `server {\n  enabled = true\n  num_schedulers = 1\n  etcd_endpoints = ["${endpoint}"]\n  etcd_prefix = "${prefix}"\n${extra}}\n`);
  return file;
}

/** startServers starts `n` server agents on `config`, one after the other (the first leads). */
export async function startServers(t: Test, config: string, n: number): Promise<DevAgent[]> {
  const out: DevAgent[] = [];
  for (let i = 0; i < n; i++) {
    const agent = await startAgent(t, ['-config', config]);
    captureStderr(agent);
    out.push(agent);
  }
  await waitFor(async () => {
    const leaders = await Promise.all(out.map((a) => leaderOf(a.address)));
    const peers = await Promise.all(out.map((a) => getJson<string[]>(a.address, '/v1/status/peers').catch(() => [])));
    const first = leaders[0];
    return first !== undefined && leaders.every((l) => l === first) && peers.every((p) => p.length === n) ? true : undefined;
  }, `${n} servers agreeing on a leader`, 60_000);
  return out;
}

const logs = new WeakMap<DevAgent, { text: string }>();

/** captureStderr starts keeping `agent`'s stderr for stderrOf. */
export function captureStderr(agent: DevAgent): void {
  const box = { text: '' };
  logs.set(agent, box);
  agent.process.stderr?.on('data', (d: Buffer) => { box.text = (box.text + d.toString()).slice(-200_000); });
}

/** stderrOf is what `agent` wrote to stderr since captureStderr. */
export function stderrOf(agent: DevAgent): string {
  return logs.get(agent)?.text ?? '';
}

/** mockJob is a service job of `count` mock_driver tasks that run for an hour. */
export function mockJob(id: string, count = 1): Record<string, unknown> {
  return {
    ID: id, Name: id, Type: 'service', Datacenters: ['*'],
    TaskGroups: [{ Name: 'g', Count: count, Tasks: [{ Name: 't', Driver: 'mock_driver', Config: { run_for: '1h' }, Resources: { CPU: 10, MemoryMB: 10 } }] }],
  };
}

/** killed resolves once `agent`'s process exited. */
export function killed(agent: DevAgent, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const p = agent.process;
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => { p.once('exit', () => resolve()); p.kill(signal); });
}

/** RawConnection is one kept-alive TCP connection speaking HTTP/1.1 (for requests that must
 * arrive on an already-accepted socket, e.g. while the server process is paused). */
export interface RawConnection {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  close(): void;
}

/** rawConnection opens a keep-alive connection to `address` (`http://host:port`). */
export async function rawConnection(address: string): Promise<RawConnection> {
  const { createConnection } = await import('node:net');
  const url = new URL(address);
  const socket = createConnection({ host: url.hostname, port: Number(url.port) });
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let buffer = Buffer.alloc(0);
  let waiter: (() => void) | undefined;
  socket.on('data', (d: Buffer) => { buffer = Buffer.concat([buffer, d]); waiter?.(); });
  const parse = (): HttpAnswer | undefined => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = new Map(head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers.get('content-length') ?? '0');
    if (buffer.length < end + 4 + length) return undefined;
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    buffer = buffer.subarray(end + 4 + length);
    return { status: Number(head[0]?.split(' ')[1]), code: headers.get('x-drover-error-code') ?? null, body };
  };
  return {
    async request(method, path, body, headers = {}) {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: keep-alive', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(payload)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${payload}`);
      for (;;) {
        const answer = parse();
        if (answer !== undefined) return answer;
        await new Promise<void>((resolve, reject) => {
          waiter = () => { waiter = undefined; resolve(); };
          socket.once('close', () => reject(new Error('connection closed before the answer')));
        });
      }
    },
    close: () => socket.destroy(),
  };
}
