/**
 * computedClass: the node's scheduling class, "v1:" + a hash of only the fields that decide
 * feasibility (datacenter, attributes, meta, node class, pool, devices), with `unique.*` keys
 * left out. Nodes of one class are interchangeable for feasibility, which is what makes
 * per-class caching and class-based unblocking of blocked evaluations sound.
 */
import { createHash } from 'node:crypto';
import type { Node } from '../../api/structs/index.js';

function withoutUnique(map: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(map ?? {}).filter(([k]) => !k.startsWith('unique.')).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** computedClass returns the node's class string. */
export function computedClass(node: Pick<Node, 'Datacenter' | 'Attributes' | 'Meta' | 'NodeClass' | 'NodePool' | 'NodeResources'>): string {
  const devices = (node.NodeResources.Devices ?? []).map((d) => [d.Vendor, d.Type, d.Name, withoutUnique(d.Attributes)]);
  const material = JSON.stringify([node.Datacenter, withoutUnique(node.Attributes), withoutUnique(node.Meta), node.NodeClass, node.NodePool, devices]);
  return `v1:${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
}
