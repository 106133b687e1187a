/**
 * The `node` command group: status (list or one node, with why it is down) and eligibility.
 */
import type { Command } from 'commander';
import { DroverError } from '../../api/errors.js';
import type { Node } from '../../api/structs/index.js';
import { addGlobalFlags, connect } from '../env.js';
import type { Connection, GlobalFlags } from '../env.js';
import { ago, keyValues, printJson, short, table } from '../output/format.js';
import { resolvePrefix } from '../prefix.js';

interface NodeStub { ID: string; Name: string; NodePool: string; NodeClass: string; Datacenter: string; Drain: boolean; SchedulingEligibility: string; Status: string; Address: string }
interface Flags extends GlobalFlags { json?: boolean; verbose?: boolean; self?: boolean }

function resolveNodeId(conn: Connection, prefix: string): Promise<string> {
  return resolvePrefix(conn, '/v1/nodes', prefix, 'node', (n) => `${String(n.ID)}  ${String(n.Name)}  ${String(n.Status)}`);
}

/**
 * selfNodeId finds the node of the agent we talk to (`-self`): `stats.client.node_id` of
 * `/v1/agent/self` when the agent reports it, else the node whose HTTPAddr is our address.
 */
async function selfNodeId(conn: Connection): Promise<string> {
  const { value: self } = await conn.client.get<{ stats?: { client?: { node_id?: string } } }>('/v1/agent/self');
  const reported = self.stats?.client?.node_id;
  if (reported) return reported;
  const target = new URL(conn.client.address).host;
  const { value: nodes } = await conn.client.get<Array<{ ID: string }>>('/v1/nodes');
  for (const stub of nodes) {
    const { value: n } = await conn.client.get<Node>(`/v1/node/${stub.ID}`);
    const addr = n.HTTPAddr.replace(/^https?:\/\//, '');
    if (addr === target || (addr.split(':')[1] === target.split(':')[1] && ['127.0.0.1', '0.0.0.0', 'localhost'].includes(addr.split(':')[0] ?? '') && ['127.0.0.1', 'localhost'].includes(target.split(':')[0] ?? ''))) return n.ID;
  }
  throw new DroverError('DROVER_ERR_NOT_A_CLIENT', `the agent at ${conn.client.address} is not running a client (no node with HTTP address ${target})`, { statusCode: 400, location: '-self' });
}

/** registerNodeCommands adds `drover node ...`. */
export function registerNodeCommands(program: Command): void {
  const node = program.command('node').description('Interact with nodes');

  addGlobalFlags(node.command('status [id]').description('Display status information about nodes'))
    .option('--json', 'print JSON').option('--verbose', 'full IDs').option('--self', 'the node of the agent addressed')
    .action(async (prefix: string | undefined, flags: Flags) => {
      const conn = connect(flags);
      if (!prefix && !flags.self) {
        const { value } = await conn.client.get<NodeStub[]>('/v1/nodes');
        if (flags.json) { printJson(value); return; }
        process.stdout.write(value.length ? `${table(['ID', 'Node Pool', 'DC', 'Name', 'Class', 'Address', 'Drain', 'Eligibility', 'Status'],
          value.map((n) => [short(n.ID, flags.verbose), n.NodePool, n.Datacenter, n.Name, n.NodeClass || '<none>', n.Address, String(n.Drain), n.SchedulingEligibility, n.Status]))}\n` : 'No nodes registered\n');
        return;
      }
      const id = flags.self ? await selfNodeId(conn) : await resolveNodeId(conn, prefix ?? '');
      const [{ value: n }, { value: allocs }] = await Promise.all([
        conn.client.get<Node>(`/v1/node/${id}`),
        conn.client.get<Array<{ ID: string; JobID: string; TaskGroup: string; DesiredStatus: string; ClientStatus: string; ModifyTime: number }>>(`/v1/node/${id}/allocations`),
      ]);
      if (flags.json) { printJson({ Node: n, Allocations: allocs }); return; }
      const drivers = Object.entries(n.Drivers ?? {}).filter(([, d]) => d.Detected).map(([name, d]) => (d.Healthy ? name : `${name} (unhealthy: ${d.HealthDescription})`));
      const out = [keyValues([
        ['ID', n.ID], ['Name', n.Name], ['Node Pool', n.NodePool], ['Class', n.NodeClass || '<none>'], ['DC', n.Datacenter], ['Drain', String(n.Drain)],
        ['Eligibility', n.SchedulingEligibility], ['Status', n.Status], ['Status Description', n.StatusDescription || '<none>'], ['Drivers', drivers.join(',')],
      ])];
      out.push('', 'Node Events', table(['Time', 'Subsystem', 'Message'], [...(n.Events ?? [])].reverse().map((e) => [e.Timestamp, e.Subsystem, e.Message])));
      out.push('', `Allocated Resources`, `CPU ${n.NodeResources.CPU.CpuShares} MHz, Memory ${n.NodeResources.Memory.MemoryMB} MiB, Disk ${n.NodeResources.Disk.DiskMB} MiB`);
      out.push('', 'Allocations', allocs.length ? table(['ID', 'Job ID', 'Task Group', 'Desired', 'Status', 'Modified'], allocs.map((a) => [short(a.ID, flags.verbose), a.JobID, a.TaskGroup, a.DesiredStatus, a.ClientStatus, ago(a.ModifyTime)])) : 'No allocations placed');
      process.stdout.write(`${out.join('\n')}\n`);
    });

  addGlobalFlags(node.command('eligibility [id]').description('Toggle scheduling eligibility of a node'))
    .option('--enable', 'mark eligible').option('--disable', 'mark ineligible').option('--self', 'the node of the agent addressed')
    .action(async (prefix: string | undefined, flags: GlobalFlags & { enable?: boolean; disable?: boolean; self?: boolean }) => {
      if (Boolean(flags.enable) === Boolean(flags.disable)) throw new Error('exactly one of -enable or -disable is required');
      const conn = connect(flags);
      if (!prefix && !flags.self) throw new Error('a node ID (or -self) is required');
      const id = flags.self ? await selfNodeId(conn) : await resolveNodeId(conn, prefix ?? '');
      await conn.client.post(`/v1/node/${id}/eligibility`, { NodeID: id, Eligibility: flags.enable ? 'eligible' : 'ineligible' });
      process.stdout.write(`Node "${short(id)}" scheduling eligibility set: ${flags.enable ? 'eligible' : 'ineligible'} for scheduling\n`);
    });
}
