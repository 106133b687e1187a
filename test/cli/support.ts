/**
 * Helpers shared by the CLI tests: a unique marker for raw_exec processes (killed at
 * teardown), JSON reads through the binary, and jobspec builders.
 */
import { spawnSync } from 'node:child_process';
import type { Test } from 'tap';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevAgent } from '../support/agent.js';
import { tempDir } from '../support/agent.js';

/** marker returns a string unique to this test process, placed in every task's command line. */
export function marker(name: string): string {
  return `drover-cli-${name}-${process.pid}`;
}

/** killMarked kills the raw_exec processes whose command line carries `mark` (teardown). */
export function killMarked(t: Test, mark: string): void {
  t.teardown(() => { spawnSync('pkill', ['-f', mark]); });
}

/** runJson runs a read command with -json and parses its stdout (failing loudly otherwise). */
export function runJson<T>(agent: DevAgent, args: readonly string[], env?: Record<string, string>): T {
  const r = agent.run([...args, '-json'], env ? { env } : {});
  if (r.code !== 0) throw new Error(`drover ${args.join(' ')} -json exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** shellJob is a raw_exec job running `script` with /bin/sh (the marker is its $0). */
export function shellJob(opts: { id: string; type?: 'service' | 'batch'; count?: number; script: string; mark: string; restartAttempts?: number; rescheduleAttempts?: number }): string {
  const policies = opts.restartAttempts === undefined ? '' : `
    restart {
      attempts = ${opts.restartAttempts}
      mode     = "fail"
    }
    reschedule {
      attempts  = ${opts.rescheduleAttempts ?? 0}
      unlimited = false
    }`;
  return `job "${opts.id}" {
  type = "${opts.type ?? 'service'}"
  group "g" {
    count = ${opts.count ?? 1}${policies}
    task "t" {
      driver = "raw_exec"
      config {
        command = "/bin/sh"
        args    = ["-c", ${JSON.stringify(opts.script)}, "${opts.mark}"]
      }
      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
`;
}

/** AllocJson is the part of `alloc status -json` the tests read. */
export interface AllocJson {
  ID: string;
  ClientStatus: string;
  NextAllocation?: string;
  TaskStates: Record<string, { State: string; Restarts: number; Events: Array<{ Type: string }> }> | null;
}

/** JobStatusJson is the part of `job status -json` the tests read. */
export interface JobStatusJson {
  Job: { ID: string; Status: string; Version: number };
  Allocations: Array<{ ID: string; ClientStatus: string; DesiredStatus: string; CreateIndex: number }>;
  Summary: { Summary: Record<string, { Running: number; Complete: number; Failed: number }> };
}

/**
 * fetchRetry is fetch retried once on a connection error: a keep-alive socket the agent closed
 * while the test was blocked in a spawnSync fails with "other side closed".
 */
async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** api reads the agent's HTTP API directly (cheap polling in waitFor, no CLI start-up cost). */
export async function api<T>(agent: DevAgent, path: string, init?: RequestInit): Promise<T> {
  const res = await fetchRetry(`${agent.address}${path}`, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${res.status}: ${await res.text()}`);
  return await res.json() as T;
}

/** logText reads a task's stdout as it is now, through the client API. */
export async function logText(agent: DevAgent, allocId: string, task = 't'): Promise<string> {
  const res = await fetchRetry(`${agent.address}/v1/client/fs/logs/${allocId}?task=${task}&plain=true`);
  return res.text();
}

/** AllocStubJson is an entry of `GET /v1/job/:id/allocations`. */
export interface AllocStubJson { ID: string; ClientStatus: string; DesiredStatus: string; TaskStates: AllocJson['TaskStates'] }

/** jobFiles gives a temp dir (removed with the test) and a writer of files into it. */
export async function jobFiles(t: Test): Promise<{ dir: string; write(name: string, text: string): Promise<string> }> {
  const dir = await tempDir(t, 'drover-cli-cmds-');
  return {
    dir,
    async write(name, text) {
      const f = join(dir, name);
      await writeFile(f, text);
      return f;
    },
  };
}
