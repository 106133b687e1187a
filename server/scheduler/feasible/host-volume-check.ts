/**
 * HostVolumeCheck: every `volume` of type `host` the group requests must exist on the node
 * (`client { host_volume "<source>" { ... } }`), and a writable request needs a writable
 * volume. Kept with the availability checks (never cached per class), as Nomad does, because
 * host volumes are not part of the computed class.
 */
import type { Node, TaskGroup } from '../../../api/structs/index.js';
import type { FeasibilityCheck } from './contracts.js';
import { FEASIBLE, FilterReason, filtered } from './contracts.js';

/** HostVolumeRequest is one requested host volume. */
export interface HostVolumeRequest {
  readonly source: string;
  readonly readOnly: boolean;
}

/** hostVolumeRequests extracts the group's host volume requests. */
export function hostVolumeRequests(tg: TaskGroup): HostVolumeRequest[] {
  const out: HostVolumeRequest[] = [];
  for (const [name, vol] of Object.entries(tg.Volumes ?? {})) {
    const type = vol['Type'] ?? vol['type'];
    if (type !== 'host') continue;
    const source = vol['Source'] ?? vol['source'] ?? name;
    const readOnly = vol['ReadOnly'] ?? vol['read_only'] ?? false;
    out.push({ source: String(source), readOnly: readOnly === true });
  }
  return out;
}

/** hostVolumeCheck rejects nodes without a compatible host volume. */
export const hostVolumeCheck: FeasibilityCheck<readonly HostVolumeRequest[]> = {
  name: 'host-volume',
  prepare: (tg) => {
    const reqs = hostVolumeRequests(tg);
    return reqs.length === 0 ? undefined : reqs;
  },
  scope: () => 'proposed',
  check: (node: Node, reqs) => {
    for (const r of reqs) {
      const vol = node.HostVolumes?.[r.source];
      if (vol === undefined || (vol.ReadOnly && !r.readOnly)) return filtered(FilterReason.missingHostVolumes);
    }
    return FEASIBLE;
  },
};
