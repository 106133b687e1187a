/**
 * The node fit check (Nomad's AllocsFit): does a set of allocations fit on a node?
 *
 * Used by the placement stack's tests and by the plan applier's per-node verification. The
 * stack itself uses the incremental form in node-usage.ts, which applies the same rules.
 * Dimensions are checked in Nomad's order and reported with Nomad's strings.
 */
import type { AllocatedResources, Allocation, ComparableResources, Node } from '../../api/structs/index.js';
import { isClientTerminal } from '../../api/structs/index.js';
import { allocDeviceIds, allocPortKeys, nodeHostIp, nodeReservedPorts } from './ports.js';

/** FitDimension names the resource that did not fit. Port collisions carry the colliding port. */
export type FitDimension = 'max allocation exceeded' | 'cpu' | 'memory' | 'disk' | 'device oversubscribed' | string;

/** FitResult is the verdict of `fitsOnNode`. */
export type FitResult = { readonly fits: true } | { readonly fits: false; readonly dimension: FitDimension };

/** comparableResources flattens a grant to the cpu/memory/disk sums the fit check compares. */
export function comparableResources(resources: AllocatedResources): ComparableResources {
  let cpu = 0;
  let memoryMB = 0;
  for (const name in resources.Tasks) {
    const task = resources.Tasks[name];
    if (task === undefined) continue;
    cpu += task.Cpu.CpuShares;
    memoryMB += task.Memory.MemoryMB;
  }
  return { cpu, memoryMB, diskMB: resources.Shared.DiskMB };
}

/** NodeCapacity is what a node offers for scheduling once its reserved resources are removed. */
export interface NodeCapacity {
  readonly cpu: number;
  readonly memoryMB: number;
  readonly diskMB: number;
}

/** nodeCapacity is NodeResources minus ReservedResources. */
export function nodeCapacity(node: Node): NodeCapacity {
  return {
    cpu: node.NodeResources.CPU.CpuShares - node.ReservedResources.CPU.CpuShares,
    memoryMB: node.NodeResources.Memory.MemoryMB - node.ReservedResources.Memory.MemoryMB,
    diskMB: node.NodeResources.Disk.DiskMB - node.ReservedResources.Disk.DiskMB,
  };
}

/** exceededDimension compares used resources against capacity in Nomad's order (cpu, memory,
 * disk) and names the first dimension exceeded, or undefined when everything fits. */
export function exceededDimension(used: ComparableResources, capacity: NodeCapacity): 'cpu' | 'memory' | 'disk' | undefined {
  if (used.cpu > capacity.cpu) return 'cpu';
  if (used.memoryMB > capacity.memoryMB) return 'memory';
  if (used.diskMB > capacity.diskMB) return 'disk';
  return undefined;
}

/**
 * fitsOnNode checks whether `allocs` (the complete proposed set for the node) fit on `node`.
 * Allocations the client has finished with (complete, failed, lost) use nothing and are skipped,
 * except for the max-allocs count, which Nomad applies to the whole list.
 */
export function fitsOnNode(node: Node, allocs: readonly Allocation[]): FitResult {
  if (node.NodeMaxAllocs !== undefined && node.NodeMaxAllocs > 0 && allocs.length > node.NodeMaxAllocs) {
    return { fits: false, dimension: 'max allocation exceeded' };
  }
  const used: ComparableResources = { cpu: 0, memoryMB: 0, diskMB: 0 };
  const live: Allocation[] = [];
  for (const alloc of allocs) {
    if (isClientTerminal(alloc)) continue;
    live.push(alloc);
    const c = comparableResources(alloc.AllocatedResources);
    used.cpu += c.cpu;
    used.memoryMB += c.memoryMB;
    used.diskMB += c.diskMB;
  }
  const dimension = exceededDimension(used, nodeCapacity(node));
  if (dimension !== undefined) return { fits: false, dimension };

  const reserved = nodeReservedPorts(node);
  const hostIp = nodeHostIp(node);
  const seen = new Set<string>();
  for (const alloc of live) {
    for (const key of allocPortKeys(alloc.AllocatedResources, hostIp)) {
      const port = Number(key.slice(key.lastIndexOf('|') + 1));
      const where = key.replace('|', ':');
      if (reserved.has(port)) return { fits: false, dimension: `reserved node port collision: ${where}` };
      if (seen.has(key)) return { fits: false, dimension: `reserved alloc port collision: ${where}` };
      seen.add(key);
    }
  }
  const devices = new Set<string>();
  for (const alloc of live) {
    for (const id of allocDeviceIds(alloc.AllocatedResources)) {
      if (devices.has(id)) return { fits: false, dimension: 'device oversubscribed' };
      devices.add(id);
    }
  }
  return { fits: true };
}
