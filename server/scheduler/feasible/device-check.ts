/**
 * DeviceCheck (basic): each requested device must be offered by the node in enough instances.
 * A request name is `type`, `vendor/type` or `vendor/type/name`. Device constraints may use
 * `${device.vendor}`, `${device.type}`, `${device.model}` and `${device.attr.<k>}`.
 * This check only asks "could the node ever offer it"; instances held by other allocations are
 * accounted in the fit stage (rank/device-assign.ts), which also picks the instance IDs.
 * Scope: 'node' - node devices are not part of the client's computed class hash.
 */
import type { Node, NodeDeviceResource, RequestedDevice } from '../../../api/structs/index.js';
import type { FeasibilityCheck } from './contracts.js';
import { FEASIBLE, FilterReason, filtered } from './contracts.js';
import { checkOperator } from './operators.js';
import type { ResolvedTarget } from './target.js';

/** deviceMatchesName: does the node device group answer to the requested name? */
export function deviceMatchesName(request: string, device: NodeDeviceResource): boolean {
  const parts = request.split('/');
  switch (parts.length) {
    case 1: return device.Type === parts[0];
    case 2: return device.Vendor === parts[0] && device.Type === parts[1];
    case 3: return device.Vendor === parts[0] && device.Type === parts[1] && device.Name === parts[2];
    default: return false;
  }
}

function resolveDeviceTarget(target: string, device: NodeDeviceResource): ResolvedTarget {
  if (!target.startsWith('${')) return { found: true, value: target };
  const val = (v: string | undefined): ResolvedTarget => (v === undefined ? { found: false } : { found: true, value: v });
  switch (target) {
    case '${device.vendor}': return val(device.Vendor);
    case '${device.type}': return val(device.Type);
    case '${device.model}': return val(device.Name);
    default:
      if (target.startsWith('${device.attr.') && target.endsWith('}')) return val(device.Attributes?.[target.slice(14, -1)]);
      return { found: false };
  }
}

/** deviceSatisfies: the device group matches the request's name and constraints. */
export function deviceSatisfies(req: RequestedDevice, device: NodeDeviceResource): boolean {
  if (!deviceMatchesName(req.Name, device)) return false;
  for (const c of req.Constraints ?? []) {
    if (!checkOperator(c.Operand, resolveDeviceTarget(c.LTarget, device), resolveDeviceTarget(c.RTarget, device))) return false;
  }
  return true;
}

/** deviceCheck rejects nodes that cannot offer every requested device. */
export const deviceCheck: FeasibilityCheck<readonly RequestedDevice[]> = {
  name: 'device',
  prepare: (tg) => {
    const requests = tg.Tasks.flatMap((t) => t.Resources.Devices ?? []);
    return requests.length === 0 ? undefined : requests;
  },
  scope: () => 'node',
  check: (node: Node, requests) => {
    const offered = node.NodeResources.Devices ?? [];
    const taken = new Map<NodeDeviceResource, number>();
    for (const req of requests) {
      let need = req.Count;
      for (const dev of offered) {
        if (need <= 0) break;
        if (!deviceSatisfies(req, dev)) continue;
        const free = dev.InstanceIDs.length - (taken.get(dev) ?? 0);
        const use = Math.min(free, need);
        taken.set(dev, (taken.get(dev) ?? 0) + use);
        need -= use;
      }
      if (need > 0) return filtered(FilterReason.missingDevices);
    }
    return FEASIBLE;
  },
};
