/**
 * Port (and device instance) bookkeeping shared by the fit check, node usage and assignment.
 *
 * A used port is identified by the host IP it is bound on and its number: the same port on two
 * different addresses of one node does not collide (Nomad's NetworkIndex works per IP).
 */
import type { AllocatedResources, NetworkResource, Node } from '../../api/structs/index.js';

/** DEFAULT_HOST_IP is used when a node does not report `unique.network.ip-address`. */
export const DEFAULT_HOST_IP = '127.0.0.1';

/** portKey is the map key of a port bound on an address. */
export function portKey(hostIp: string, port: number): string {
  return `${hostIp}|${port}`;
}

/** nodeHostIp is the address ports are bound on when the ask names no host network. */
export function nodeHostIp(node: Node): string {
  return node.Attributes['unique.network.ip-address'] ?? DEFAULT_HOST_IP;
}

/** parsePortSpec parses a reserved-ports string like "22,80-90" into port numbers. Malformed
 * items are ignored (the client validates its configuration). */
export function parsePortSpec(spec: string): number[] {
  const ports: number[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const dash = item.indexOf('-');
    if (dash < 0) {
      const p = Number(item);
      if (Number.isInteger(p) && p > 0 && p < 65536) ports.push(p);
      continue;
    }
    const lo = Number(item.slice(0, dash));
    const hi = Number(item.slice(dash + 1));
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo <= 0 || hi >= 65536 || lo > hi) continue;
    for (let p = lo; p <= hi; p++) ports.push(p);
  }
  return ports;
}

const reservedCache = new WeakMap<Node, ReadonlySet<number>>();

/** nodeReservedPorts is the set of host ports the node keeps for itself (cached per node record). */
export function nodeReservedPorts(node: Node): ReadonlySet<number> {
  let set = reservedCache.get(node);
  if (set === undefined) {
    set = new Set(parsePortSpec(node.ReservedResources.Networks.ReservedHostPorts ?? ''));
    reservedCache.set(node, set);
  }
  return set;
}

/** allocPortKeys lists the distinct `ip|port` keys an allocation's grant binds on its node.
 * Ports flagged IgnoreCollision are left out. Shared.Ports, shared networks and task networks
 * may describe the same port twice; each key is reported once. */
export function allocPortKeys(resources: AllocatedResources, fallbackIp: string): string[] {
  if (!mayHoldPorts(resources)) return [];
  const keys = new Set<string>();
  for (const p of resources.Shared.Ports ?? []) {
    if (p.Value > 0) keys.add(portKey(p.HostIP || fallbackIp, p.Value));
  }
  const addNetwork = (n: NetworkResource): void => {
    const ip = n.IP !== undefined && n.IP !== '' ? n.IP : fallbackIp;
    for (const p of n.ReservedPorts ?? []) if (p.Value > 0 && p.IgnoreCollision !== true) keys.add(portKey(ip, p.Value));
    for (const p of n.DynamicPorts ?? []) if (p.Value > 0 && p.IgnoreCollision !== true) keys.add(portKey(ip, p.Value));
  };
  for (const n of resources.Shared.Networks ?? []) addNetwork(n);
  for (const task of Object.values(resources.Tasks)) for (const n of task.Networks ?? []) addNetwork(n);
  return [...keys];
}

const NO_TASK_NETWORKS = (resources: AllocatedResources): boolean => {
  for (const name in resources.Tasks) if ((resources.Tasks[name]?.Networks?.length ?? 0) > 0) return false;
  return true;
};

/** mayHoldPorts is a cheap pre-check: a grant without any network holds no port. */
function mayHoldPorts(resources: AllocatedResources): boolean {
  return (resources.Shared.Ports?.length ?? 0) > 0 || (resources.Shared.Networks?.length ?? 0) > 0 || !NO_TASK_NETWORKS(resources);
}

/** allocDeviceIds lists the device instance IDs granted to an allocation's tasks. */
export function allocDeviceIds(resources: AllocatedResources): string[] {
  let ids: string[] | undefined;
  for (const name in resources.Tasks) {
    for (const d of resources.Tasks[name]?.Devices ?? []) (ids ??= []).push(...d.DeviceIDs);
  }
  return ids ?? [];
}
