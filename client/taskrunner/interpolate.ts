/**
 * Runtime interpolation of `${...}` in task config, env, template data and artifact paths:
 *   ${NOMAD_*} and ${env.X} -> the task environment;  ${attr.X} -> node attributes;
 *   ${meta.X} -> node meta;  ${node.unique.id|unique.name|datacenter|class|pool|region}.
 * An unknown reference is left untouched, as Nomad does.
 */
import type { Node } from '../../api/structs/index.js';

/** InterpolationScope is what `${...}` may refer to. */
export interface InterpolationScope {
  env: Record<string, string>;
  node: Pick<Node, 'ID' | 'Name' | 'Datacenter' | 'NodeClass' | 'NodePool' | 'Attributes' | 'Meta'>;
  region: string;
}

/** lookup resolves one reference (without `${` `}`), or undefined when unknown. */
export function lookup(ref: string, scope: InterpolationScope): string | undefined {
  const key = ref.trim();
  if (key.startsWith('env.')) return scope.env[key.slice(4)];
  if (key.startsWith('attr.')) return scope.node.Attributes[key.slice(5)];
  if (key.startsWith('meta.')) return scope.node.Meta[key.slice(5)];
  if (key.startsWith('node.')) {
    switch (key.slice(5)) {
      case 'unique.id': return scope.node.ID;
      case 'unique.name': return scope.node.Name;
      case 'datacenter': return scope.node.Datacenter;
      case 'class': return scope.node.NodeClass;
      case 'pool': return scope.node.NodePool;
      case 'region': return scope.region;
      default: return undefined;
    }
  }
  return scope.env[key];
}

/** interpolateString replaces every known `${ref}` in `s`. */
export function interpolateString(s: string, scope: InterpolationScope): string {
  return s.replace(/\$\{([^{}]+)\}/g, (whole, ref: string) => lookup(ref, scope) ?? whole);
}

/** interpolateValue interpolates every string inside a JSON value (keys are left alone). */
export function interpolateValue<T>(value: T, scope: InterpolationScope): T {
  if (typeof value === 'string') return interpolateString(value, scope) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => interpolateValue(v, scope)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = interpolateValue(v, scope);
    return out as T;
  }
  return value;
}
