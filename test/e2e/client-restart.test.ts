/**
 * kill -9 of the client agent, five times in a row, while raw_exec, exec and docker tasks run:
 * every task keeps its PID or container ID, restarts stay at 0, and there is one copy only.
 * The server runs in its own agent process (it is not killed); the client restarts on the same
 * data dir and recovers its tasks through the drivers.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { HttpClient } from '../../api/http-client.js';
import type { Allocation, Node } from '../../api/structs/index.js';
import { startAgent, waitFor, tempDir } from '../support/agent.js';
import type { DevAgent } from '../support/agent.js';

const KILLS = 5;

function pids(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `^(/usr)?(/bin/)?sleep ${marker}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).sort();
  } catch {
    return [];
  }
}

function containers(allocId: string): string[] {
  try {
    return execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=com.drover.alloc_id=${allocId}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function dockerReady(): boolean {
  try { execFileSync('docker', ['image', 'inspect', 'busybox:1'], { stdio: 'ignore' }); return true; } catch { return false; }
}

t.test('client kill -9 x5: tasks keep running, are recovered, never duplicated', async (t) => {
  const dir = await tempDir(t, 'drover-clientkill-');
  const serverCfg = join(dir, 'server.hcl');
  // A long TTL: the node must not be declared down while its client restarts.
  await writeFile(serverCfg, 'server {\n  enabled = true\n  num_schedulers = 1\n  min_heartbeat_ttl = "300s"\n}\n');
  const clientCfg = join(dir, 'client.hcl');
  await writeFile(clientCfg, 'plugin "raw_exec" {\n  config {\n    enabled = true\n  }\n}\n');
  const server = await startAgent(t, ['-config', serverCfg]);
  const api = new HttpClient({ address: server.address });
  const clientDir = await tempDir(t, 'drover-client-');
  const startClient = (): Promise<DevAgent> => startAgent(t, ['-client', '-servers', server.address, '-config', clientCfg], clientDir);
  let client = await startClient();
  const node = await waitFor(async () => (await api.get<Array<{ ID: string; Status: string }>>('/v1/nodes')).value.find((n) => n.Status === 'ready'), 'client node ready');
  const nodeInfo = (await api.get<Node>(`/v1/node/${node.ID}`)).value;

  const marker = `${process.pid}${Date.now() % 100000}`;
  const groups: Array<{ name: string; driver: string; task: Record<string, unknown> }> = [
    { name: 'raw', driver: 'raw_exec', task: { command: '/bin/sleep', args: [`700.${marker}`] } },
  ];
  const execHealthy = nodeInfo.Drivers.exec?.Healthy === true;
  if (execHealthy) groups.push({ name: 'iso', driver: 'exec', task: { command: '/bin/sleep', args: [`701.${marker}`] } });
  else t.comment(`exec driver unhealthy here (${nodeInfo.Drivers.exec?.HealthDescription ?? 'not detected'}): exec part not run`);
  const docker = dockerReady() && nodeInfo.Drivers.docker?.Healthy === true;
  if (docker) groups.push({ name: 'box', driver: 'docker', task: { image: 'busybox:1', command: '/bin/sleep', args: ['3600'] } });
  else t.comment('docker not available: docker part not run');

  const job = {
    ID: 'survive-kill', Name: 'survive-kill', Type: 'service', Datacenters: ['*'],
    TaskGroups: groups.map((g) => ({ Name: g.name, Count: 1, Tasks: [{ Name: 't', Driver: g.driver, Config: g.task, Resources: { CPU: 50, MemoryMB: 32 } }] })),
  };
  const allocIds: string[] = [];
  t.teardown(async () => {
    await api.delete('/v1/job/survive-kill?purge=true').catch(() => undefined);
    // SIGKILL: an exec task is PID 1 of its PID namespace and ignores SIGTERM; the task
    // supervisors (executor-main) carry the client's data dir in their arguments.
    for (const pattern of [`sleep 700.${marker}`, `sleep 701.${marker}`, clientDir]) { try { execFileSync('pkill', ['-KILL', '-f', pattern]); } catch { /* gone */ } }
    for (const id of allocIds) for (const c of containers(id)) execFileSync('docker', ['rm', '-f', c], { stdio: 'ignore' });
  });
  await api.put('/v1/jobs', { Job: job });
  const allRunning = async (): Promise<Allocation[] | undefined> => {
    const stubs = (await api.get<Array<{ ID: string; ClientStatus: string; DesiredStatus: string }>>('/v1/job/survive-kill/allocations')).value.filter((a) => a.DesiredStatus === 'run');
    if (stubs.length !== groups.length || stubs.some((s) => s.ClientStatus !== 'running')) return undefined;
    return Promise.all(stubs.map(async (s) => (await api.get<Allocation>(`/v1/allocation/${s.ID}`)).value));
  };
  const initial = await waitFor(allRunning, 'all tasks running', 120_000);
  allocIds.push(...initial.map((a) => a.ID));
  // A task reports running when its driver handle exists; the final process (after unshare,
  // chroot and setpriv for exec) may appear a moment later: wait for exactly one of each.
  const one = (list: string[]): string[] | undefined => (list.length === 1 ? list : undefined);
  const before = {
    raw: await waitFor(() => one(pids(`700.${marker}`)), 'the raw_exec process', 30_000),
    iso: execHealthy ? await waitFor(() => one(pids(`701.${marker}`)), 'the exec process', 30_000) : [],
    box: docker ? await waitFor(() => one(containers(initial.find((a) => a.TaskGroup === 'box')!.ID)), 'the container', 30_000) : [],
  };
  t.equal(before.raw.length, 1, 'one raw_exec process');
  if (execHealthy) t.equal(before.iso.length, 1, 'one exec process');
  if (docker) t.equal(before.box.length, 1, 'one container');

  for (let i = 1; i <= KILLS; i++) {
    client.process.kill('SIGKILL');
    await new Promise<void>((r) => client.process.once('exit', () => r()));
    t.same(pids(`700.${marker}`), before.raw, `kill ${i}: raw_exec task survived the agent`);
    client = await startClient();
    // Wait until the restarted client has re-synced (its alloc runners report running again).
    let seen = '';
    const after = await waitFor(async () => {
      const stubs = (await api.get<Array<{ ID: string; TaskGroup: string; ClientStatus: string; DesiredStatus: string }>>('/v1/job/survive-kill/allocations')).value;
      const nodes = (await api.get<Array<{ Status: string }>>('/v1/nodes')).value;
      seen = `allocs ${JSON.stringify(stubs.map((x) => [x.TaskGroup, x.ClientStatus, x.DesiredStatus]))}, nodes ${JSON.stringify(nodes.map((n) => n.Status))}`;
      const r = await allRunning();
      return r && r.every((a) => Object.values(a.TaskStates ?? {}).every((s) => s.State === 'running')) ? r : undefined;
    }, `kill ${i}: tasks running after restart`, 180_000).catch((err: unknown) => { throw new Error(`${String(err)}; last seen: ${seen}`); });
    t.same(pids(`700.${marker}`), before.raw, `kill ${i}: raw_exec keeps its PID, one copy`);
    if (execHealthy) t.same(pids(`701.${marker}`), before.iso, `kill ${i}: exec keeps its PID, one copy`);
    if (docker) t.same(containers(initial.find((a) => a.TaskGroup === 'box')!.ID), before.box, `kill ${i}: docker keeps its container, one copy`);
    t.ok(after.every((a) => Object.values(a.TaskStates ?? {}).every((s) => s.Restarts === 0)), `kill ${i}: restarts stay at 0`);
    t.same(after.map((a) => a.ID).sort(), [...allocIds].sort(), `kill ${i}: no allocation was replaced`);
  }
});
