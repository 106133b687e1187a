/**
 * stopEverything: the decisions when a job is stopped or purged, or a group was removed: every
 * allocation the server still wants running is stopped; those on lost nodes as `lost`.
 */
import { isClientTerminal } from '../../../api/structs/index.js';
import type { Allocation, DesiredUpdates } from '../../../api/structs/index.js';
import { isLostTaint, stoppedButStillRunningOnLostNodes } from './classify.js';
import { StopDescriptions, emptyDesiredUpdates } from './types.js';
import type { ReconcileInput, ReconcileResult, StopResult } from './types.js';

/** stopEverything stops every allocation the server still wants running in `groups`. */
export function stopEverything(input: Pick<ReconcileInput, 'taintedNodes'>, groups: ReadonlyMap<string, readonly Allocation[]>, description: string): ReconcileResult {
  const stop: StopResult[] = [];
  const desiredTGUpdates: Record<string, DesiredUpdates> = {};
  for (const [name, allocs] of groups) {
    const desired = emptyDesiredUpdates();
    for (const alloc of stoppedButStillRunningOnLostNodes(allocs, input.taintedNodes)) {
      stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
    }
    for (const alloc of allocs) {
      if (alloc.DesiredStatus !== 'run') {
        desired.Ignore++;
      } else if (!isClientTerminal(alloc) && isLostTaint(input.taintedNodes.get(alloc.NodeID))) {
        stop.push({ alloc, description: StopDescriptions.lost, clientStatus: 'lost' });
        desired.Stop++;
      } else {
        stop.push({ alloc, description });
        desired.Stop++;
      }
    }
    desiredTGUpdates[name] = desired;
  }
  return { place: [], stop, inplaceUpdate: [], destructiveUpdate: [], attributeUpdates: [], desiredTGUpdates, followupEvals: [] };
}
