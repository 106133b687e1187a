/**
 * proposedFit: Nomad's AllocsFit for "the node's live allocations with some of them replaced",
 * computed from a NodeBaseUsage summary plus the changes, in O(changes + ports in conflict)
 * instead of O(allocations on the node).
 *
 * Equivalent to `fitsOnNode(node, proposed)` from server/scheduler/fit.ts where proposed =
 * live allocations, each ID in `changes` replaced by its new version (or removed when the new
 * version is undefined). test/plan/proposed-fit.test.ts checks the equivalence.
 */
import type { Allocation, Node } from '../../api/structs/index.js';
import { isClientTerminal } from '../../api/structs/index.js';
import type { FitResult } from '../scheduler/fit.js';
import { comparableResources, exceededDimension, nodeCapacity } from '../scheduler/fit.js';
import { allocPortKeys, nodeReservedPorts } from '../scheduler/ports.js';
import type { NodeBaseUsage } from './node-base-usage.js';

const portOf = (key: string): number => Number(key.slice(key.lastIndexOf('|') + 1));
const where = (key: string): string => key.replace('|', ':');

/**
 * proposedFit checks `base` with `changes` applied: alloc ID -> the version to propose, or
 * undefined to drop the live one. Versions are proposed as given (terminal client statuses use
 * no resources but count toward max allocs, as in fitsOnNode).
 */
export function proposedFit(node: Node, base: NodeBaseUsage, changes: ReadonlyMap<string, Allocation | undefined>): FitResult {
  let count = base.live.size;
  let cpu = base.cpu;
  let memoryMB = base.memoryMB;
  let diskMB = base.diskMB;
  const portDelta = new Map<string, number>();
  const bumpPorts = (keys: readonly string[], by: number): void => {
    for (const key of keys) portDelta.set(key, (portDelta.get(key) ?? 0) + by);
  };

  for (const [id, next] of changes) {
    const prev = base.live.get(id);
    if (prev !== undefined) {
      count--;
      const c = comparableResources(prev.AllocatedResources);
      cpu -= c.cpu;
      memoryMB -= c.memoryMB;
      diskMB -= c.diskMB;
      bumpPorts(base.portKeysOf.get(id) ?? [], -1);
    }
    if (next === undefined) continue;
    count++;
    if (isClientTerminal(next)) continue;
    const c = comparableResources(next.AllocatedResources);
    cpu += c.cpu;
    memoryMB += c.memoryMB;
    diskMB += c.diskMB;
    bumpPorts(allocPortKeys(next.AllocatedResources, base.hostIp), 1);
  }

  if (node.NodeMaxAllocs !== undefined && node.NodeMaxAllocs > 0 && count > node.NodeMaxAllocs) {
    return { fits: false, dimension: 'max allocation exceeded' };
  }
  const dimension = exceededDimension({ cpu, memoryMB, diskMB }, nodeCapacity(node));
  if (dimension !== undefined) return { fits: false, dimension };

  const reserved = nodeReservedPorts(node);
  const countOf = (key: string): number => (base.ports.get(key) ?? 0) + (portDelta.get(key) ?? 0);
  if (reserved.size > 0) {
    // Live allocations on a node-reserved port (the node's reservation changed after they
    // were placed) are rare: scan the base only when the node reserves ports.
    for (const key of base.ports.keys()) if (reserved.has(portOf(key)) && countOf(key) > 0) return { fits: false, dimension: `reserved node port collision: ${where(key)}` };
    for (const [key, d] of portDelta) if (d > 0 && reserved.has(portOf(key))) return { fits: false, dimension: `reserved node port collision: ${where(key)}` };
  }
  for (const key of base.crowdedKeys) if (countOf(key) > 1) return { fits: false, dimension: `reserved alloc port collision: ${where(key)}` };
  for (const [key, d] of portDelta) if (d > 0 && countOf(key) > 1) return { fits: false, dimension: `reserved alloc port collision: ${where(key)}` };
  return { fits: true };
}
