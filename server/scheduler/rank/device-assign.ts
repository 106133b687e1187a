/**
 * Device assignment for one allocation on one node: each task's `device` requests get concrete
 * instance IDs from the node's matching device groups, skipping instances held by proposed
 * allocations and instances already given to this allocation.
 */
import type { Node, NodeDeviceResource } from '../../../api/structs/index.js';
import { deviceSatisfies } from '../feasible/device-check.js';
import type { NodeUsage } from '../node-usage.js';
import type { GroupAsk } from './ask.js';

/** GrantedDevice is AllocatedTaskResources.Devices[i]. */
export interface GrantedDevice {
  Vendor: string;
  Type: string;
  Name: string;
  DeviceIDs: string[];
}

/** DeviceAssignment is the per-task grant, or the exhausted dimension. */
export type DeviceAssignment =
  | { readonly ok: true; readonly byTask: ReadonlyMap<string, GrantedDevice[]> }
  | { readonly ok: false; readonly dimension: string };

/** assignDevices grants every task's device requests on `node`. */
export function assignDevices(node: Node, usage: NodeUsage, ask: GroupAsk): DeviceAssignment {
  const offered = node.NodeResources.Devices ?? [];
  const taken = new Set<string>();
  const byTask = new Map<string, GrantedDevice[]>();
  for (const task of ask.tasks) {
    if (task.devices.length === 0) continue;
    const granted: GrantedDevice[] = [];
    for (const req of task.devices) {
      let need = req.Count;
      for (const group of offered) {
        if (need <= 0) break;
        if (!deviceSatisfies(req, group)) continue;
        const ids = freeInstances(group, usage, taken, need);
        if (ids.length === 0) continue;
        need -= ids.length;
        granted.push({ Vendor: group.Vendor, Type: group.Type, Name: group.Name, DeviceIDs: ids });
      }
      if (need > 0) return { ok: false, dimension: `devices: no free instances match request "${req.Name}"` };
    }
    byTask.set(task.name, granted);
  }
  return { ok: true, byTask };
}

function freeInstances(group: NodeDeviceResource, usage: NodeUsage, taken: Set<string>, need: number): string[] {
  const ids: string[] = [];
  for (const id of group.InstanceIDs) {
    if (ids.length >= need) break;
    if (usage.deviceInUse(id) || taken.has(id)) continue;
    taken.add(id);
    ids.push(id);
  }
  return ids;
}
