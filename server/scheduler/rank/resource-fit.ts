/**
 * ResourceFit: the fit half of Nomad's BinPackIterator. Assigns the group's ports and devices
 * on the node, then checks max allocations, cpu, memory and disk against the node's proposed usage plus
 * this allocation. A misfit names the exhausted dimension (AllocMetric.DimensionExhausted).
 * The grant itself is built only for the chosen node (`buildResources`).
 */
import type { AllocatedResources, AllocatedTaskResources, NetworkResource, Node } from '../../../api/structs/index.js';
import type { Prng } from '../feasible/shuffle.js';
import type { NodeUsage } from '../node-usage.js';
import type { GroupAsk } from './ask.js';
import type { SharedPort } from './port-assign.js';
import { PortAssigner } from './port-assign.js';
import type { GrantedDevice } from './device-assign.js';
import { assignDevices } from './device-assign.js';

/** PortGrant is the networks granted to the group and its tasks on one node. */
export interface PortGrant {
  readonly sharedNetworks: NetworkResource[] | undefined;
  readonly sharedPorts: SharedPort[] | undefined;
  readonly taskNetworks: ReadonlyMap<string, NetworkResource[]>;
}

/** GroupGrant is what was assigned beyond cpu/memory/disk: ports and device instances. */
export interface GroupGrant {
  readonly ports: PortGrant | undefined;
  readonly devices: ReadonlyMap<string, GrantedDevice[]> | undefined;
}

/** GroupFit is the fit verdict with the grant (undefined: the group asks no ports or devices). */
export type GroupFit =
  | { readonly ok: true; readonly grant: GroupGrant | undefined }
  | { readonly ok: false; readonly dimension: string };

const FITS_WITHOUT_GRANT: GroupFit = Object.freeze({ ok: true, grant: undefined });

function assignPorts(node: Node, usage: NodeUsage, ask: GroupAsk, rng: Prng): PortGrant | { dimension: string } {
  const assigner = new PortAssigner(node, usage, rng);
  const group = assigner.assign(ask.groupNetworks, true);
  if (!group.ok) return group;
  const taskNetworks = new Map<string, NetworkResource[]>();
  for (const task of ask.tasks) {
    if (task.networks.length === 0) continue;
    const granted = assigner.assign(task.networks, false);
    if (!granted.ok) return granted;
    taskNetworks.set(task.name, granted.networks);
  }
  const hasGroup = ask.groupNetworks.length > 0;
  return { sharedNetworks: hasGroup ? group.networks : undefined, sharedPorts: hasGroup ? group.ports : undefined, taskNetworks };
}

/** fitGroup decides whether one more allocation of the group fits on the node. */
export function fitGroup(node: Node, usage: NodeUsage, ask: GroupAsk, rng: Prng): GroupFit {
  let ports: PortGrant | undefined;
  if (ask.hasPorts) {
    const granted = assignPorts(node, usage, ask, rng);
    if ('dimension' in granted) return { ok: false, dimension: granted.dimension };
    ports = granted;
  }
  let devices: ReadonlyMap<string, GrantedDevice[]> | undefined;
  if (ask.hasDevices) {
    const granted = assignDevices(node, usage, ask);
    if (!granted.ok) return granted;
    devices = granted.byTask;
  }
  if (node.NodeMaxAllocs !== undefined && node.NodeMaxAllocs > 0 && usage.allocCount + 1 > node.NodeMaxAllocs) {
    return { ok: false, dimension: 'max allocation exceeded' };
  }
  const cap = usage.capacity;
  if (usage.cpu + ask.cpu > cap.cpu) return { ok: false, dimension: 'cpu' };
  if (usage.memoryMB + ask.memoryMB > cap.memoryMB) return { ok: false, dimension: 'memory' };
  if (usage.diskMB + ask.diskMB > cap.diskMB) return { ok: false, dimension: 'disk' };
  return ports === undefined && devices === undefined ? FITS_WITHOUT_GRANT : { ok: true, grant: { ports, devices } };
}

/** buildResources is the grant of one allocation of the group with its assigned ports and
 * devices. */
export function buildResources(ask: GroupAsk, grant: GroupGrant | undefined): AllocatedResources {
  const ports = grant?.ports;
  const tasks: Record<string, AllocatedTaskResources> = {};
  for (const t of ask.tasks) {
    const granted: AllocatedTaskResources = {
      Cpu: { CpuShares: t.cpu },
      Memory: t.memoryMaxMB === undefined ? { MemoryMB: t.memoryMB } : { MemoryMB: t.memoryMB, MemoryMaxMB: t.memoryMaxMB },
    };
    const nets = ports?.taskNetworks.get(t.name);
    if (nets !== undefined) granted.Networks = nets;
    const devs = grant?.devices?.get(t.name);
    if (devs !== undefined) granted.Devices = devs;
    tasks[t.name] = granted;
  }
  const shared: AllocatedResources['Shared'] = { DiskMB: ask.diskMB };
  if (ports?.sharedNetworks !== undefined) shared.Networks = ports.sharedNetworks;
  if (ports?.sharedPorts !== undefined) shared.Ports = ports.sharedPorts;
  return { Tasks: tasks, Shared: shared };
}
