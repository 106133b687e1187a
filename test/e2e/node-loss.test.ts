/**
 * Node loss and self-healing across real processes: a server agent and two client agents on
 * one machine (separate data dirs and ports). One client is killed with SIGKILL; its node misses
 * its heartbeat TTL, goes down, and its allocations are replaced on the other client.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { HttpClient } from '../../api/http-client.js';
import { startAgent, waitFor, tempDir } from '../support/agent.js';

interface AllocStub { ID: string; NodeID: string; ClientStatus: string; DesiredStatus: string }
interface NodeStub { ID: string; Status: string; HTTPAddr?: string; Name: string }

t.test('allocations of a killed client are replaced on the other client within TTL + grace', async (t) => {
  const dir = await tempDir(t, 'drover-nodeloss-');
  const serverCfg = join(dir, 'server.hcl');
  await writeFile(serverCfg, 'server {\n  enabled = true\n  num_schedulers = 1\n  min_heartbeat_ttl = "1s"\n  heartbeat_grace = "1s"\n}\n');
  const clientCfg = join(dir, 'client.hcl');
  await writeFile(clientCfg, 'plugin "raw_exec" {\n  config {\n    enabled = true\n  }\n}\n');
  const server = await startAgent(t, ['-config', serverCfg]);
  const api = new HttpClient({ address: server.address });
  const a = await startAgent(t, ['-client', '-servers', server.address, '-config', clientCfg]);
  const b = await startAgent(t, ['-client', '-servers', server.address, '-config', clientCfg]);
  await waitFor(async () => ((await api.get<NodeStub[]>('/v1/nodes')).value.filter((n) => n.Status === 'ready').length === 2 ? true : undefined), 'two ready nodes');

  const marker = `600.${process.pid}${Date.now() % 100000}`;
  t.teardown(() => { try { execFileSync('pkill', ['-f', `sleep ${marker}`]); } catch { /* none left */ } });
  const job = {
    ID: 'survivor', Name: 'survivor', Type: 'service', Datacenters: ['*'],
    TaskGroups: [{ Name: 'g', Count: 2, Tasks: [{ Name: 't', Driver: 'raw_exec', Config: { command: '/bin/sleep', args: [marker] }, Resources: { CPU: 50, MemoryMB: 32 } }] }],
  };
  await api.put('/v1/jobs', { Job: job });
  const running = async (): Promise<AllocStub[]> => (await api.get<AllocStub[]>('/v1/job/survivor/allocations')).value.filter((x) => x.ClientStatus === 'running' && x.DesiredStatus === 'run');
  const placed = await waitFor(async () => { const r = await running(); return r.length === 2 ? r : undefined; }, 'two running allocations');

  // Kill the client that runs the first allocation; the other one must take over.
  const victimNode = placed[0]!.NodeID;
  // The node's HTTPAddr is its agent's address: that tells which process to kill.
  const victimAddr = (await api.get<{ HTTPAddr: string }>(`/v1/node/${victimNode}`)).value.HTTPAddr;
  const owner = [a, b].find((ag) => ag.address.endsWith(victimAddr));
  if (!owner) throw new Error(`no agent serves ${victimAddr} (agents: ${a.address}, ${b.address})`);
  const killedAt = Date.now();
  owner.process.kill('SIGKILL');

  await waitFor(async () => ((await api.get<NodeStub[]>(`/v1/nodes`)).value.find((n) => n.ID === victimNode)?.Status === 'down' ? true : undefined), 'victim node down', 30_000);
  const downAfterMs = Date.now() - killedAt;
  const replaced = await waitFor(async () => {
    const r = await running();
    return r.length === 2 && r.every((x) => x.NodeID !== victimNode) ? r : undefined;
  }, 'two running allocations on the surviving node', 30_000);
  const healedAfterMs = Date.now() - killedAt;
  t.equal(replaced.length, 2, 'both allocations run on the surviving node');
  // TTL is at most 2 x min_heartbeat_ttl (stagger) plus grace: 3 s here; allow scheduling slack.
  t.ok(downAfterMs < 10_000, `node marked down ${downAfterMs} ms after the kill (TTL + grace = at most 3 s)`);
  const lost = (await api.get<AllocStub[]>('/v1/job/survivor/allocations')).value.filter((x) => x.NodeID === victimNode);
  t.ok(lost.every((x) => x.ClientStatus === 'lost'), 'the killed node\'s allocations are lost');
  t.comment(`node down after ${downAfterMs} ms, replacements running after ${healedAfterMs} ms`);
  const status = server.run(['node', 'status', victimNode.slice(0, 8)]);
  t.match(status.stdout, /heartbeat missed/i, 'node status says why the node is down');
});
