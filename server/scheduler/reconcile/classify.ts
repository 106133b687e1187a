/**
 * classifyAllocs sorts one group's allocations by what their node's health means for them
 * (reference §2.2 `filterByTainted`). First matching rule wins:
 *
 * | rule | set |
 * |---|---|
 * | desired stop/evict (server-terminal) | ignore |
 * | client-terminal (complete, failed, lost) | untainted (reschedule filter decides) |
 * | marked `DesiredTransition.Migrate` | migrate |
 * | node healthy or draining | untainted |
 * | node down, disconnected or garbage-collected | lost |
 */
import { isClientTerminal } from '../../../api/structs/index.js';
import type { Allocation } from '../../../api/structs/index.js';
import { assertNever } from '../../../api/errors.js';
import type { NodeTaint } from './types.js';

/** AllocClassification partitions allocations; every input lands in exactly one set. */
export interface AllocClassification {
  readonly untainted: readonly Allocation[];
  readonly migrate: readonly Allocation[];
  readonly lost: readonly Allocation[];
  readonly ignore: readonly Allocation[];
}

/** isLostTaint: allocations on a node with this taint are lost. */
export function isLostTaint(taint: NodeTaint | undefined): boolean {
  if (taint === undefined) return false;
  switch (taint) {
    case 'down':
    case 'disconnected':
    case 'missing':
      return true;
    case 'draining':
      return false;
    default:
      return assertNever(taint, 'node taint');
  }
}

/** classifyAllocs applies the rule table above. */
export function classifyAllocs(allocs: readonly Allocation[], taintedNodes: ReadonlyMap<string, NodeTaint>): AllocClassification {
  const untainted: Allocation[] = [];
  const migrate: Allocation[] = [];
  const lost: Allocation[] = [];
  const ignore: Allocation[] = [];
  for (const alloc of allocs) {
    if (alloc.DesiredStatus !== 'run') ignore.push(alloc);
    else if (isClientTerminal(alloc)) untainted.push(alloc);
    else if (alloc.DesiredTransition?.Migrate === true) migrate.push(alloc);
    else if (isLostTaint(taintedNodes.get(alloc.NodeID))) lost.push(alloc);
    else untainted.push(alloc);
  }
  return { untainted, migrate, lost, ignore };
}

/** stoppedButStillRunningOnLostNodes: allocations the server already stopped whose client never
 * confirmed, on nodes that are gone; they are marked lost so their resources count as free. */
export function stoppedButStillRunningOnLostNodes(allocs: readonly Allocation[], taintedNodes: ReadonlyMap<string, NodeTaint>): Allocation[] {
  return allocs.filter((a) => a.DesiredStatus !== 'run' && !isClientTerminal(a) && isLostTaint(taintedNodes.get(a.NodeID)));
}
