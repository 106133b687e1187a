/**
 * Constraint target resolution (Nomad's resolveTarget): turns `${attr.kernel.name}`,
 * `${meta.rack}`, `${node.unique.id}`, ... into the node's value. A target without `${` is a
 * literal. Unknown interpolations are "not found".
 */
import type { Node } from '../../../api/structs/index.js';

/** ResolvedTarget is a target's value, or not found. */
export type ResolvedTarget = { readonly found: true; readonly value: string } | { readonly found: false };

const NOT_FOUND: ResolvedTarget = Object.freeze({ found: false });

function found(value: string | undefined): ResolvedTarget {
  return value === undefined ? NOT_FOUND : { found: true, value };
}

/** resolveTarget resolves one constraint operand against a node. */
export function resolveTarget(target: string, node: Node): ResolvedTarget {
  if (!target.startsWith('${')) return { found: true, value: target };
  switch (target) {
    case '${node.unique.id}': return found(node.ID);
    case '${node.datacenter}': return found(node.Datacenter);
    case '${node.unique.name}': return found(node.Name);
    case '${node.class}': return found(node.NodeClass);
    case '${node.pool}': return found(node.NodePool);
    default: break;
  }
  if (!target.endsWith('}')) return NOT_FOUND;
  if (target.startsWith('${attr.')) return found(node.Attributes[target.slice(7, -1)]);
  if (target.startsWith('${meta.')) return found(node.Meta[target.slice(7, -1)]);
  return NOT_FOUND;
}

/** isEscapedTarget: the target reads a per-node unique value, so a verdict about it cannot be
 * reused for other nodes of the same computed class. */
export function isEscapedTarget(target: string): boolean {
  return target.includes('${node.unique.') || target.includes('${attr.unique.') || target.includes('${meta.unique.');
}
