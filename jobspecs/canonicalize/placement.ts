/**
 * Defaults of constraints, affinities, spreads and networks.
 */
import type { Affinity, Constraint, Spread } from '../../api/structs/job.js';
import type { NetworkResource, Port } from '../../api/structs/resources.js';
import type { JsonObject, JsonValue } from '../schema/spec.js';
import { DEFAULTS } from './defaults.js';
import { numberOr, objectsOf, stringOr } from './json-access.js';

/** canonicalConstraints fills `Operand = "="` and empty targets. */
export function canonicalConstraints(v: JsonValue | undefined): Constraint[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((c) => ({ ...c, LTarget: stringOr(c.LTarget, ''), RTarget: stringOr(c.RTarget, ''), Operand: stringOr(c.Operand, '=') }));
}

/** canonicalAffinities fills `Operand = "="` and `Weight = 50`. */
export function canonicalAffinities(v: JsonValue | undefined): Affinity[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((a) => ({
    ...a,
    LTarget: stringOr(a.LTarget, ''),
    RTarget: stringOr(a.RTarget, ''),
    Operand: stringOr(a.Operand, '='),
    Weight: numberOr(a.Weight, DEFAULTS.affinityWeight),
  }));
}

/** canonicalSpreads fills `Weight = 50` and an empty target list. */
export function canonicalSpreads(v: JsonValue | undefined): Spread[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((s) => ({
    ...s,
    Attribute: stringOr(s.Attribute, ''),
    Weight: numberOr(s.Weight, DEFAULTS.spreadWeight),
    SpreadTarget: objectsOf(s.SpreadTarget).map((t) => ({ Value: stringOr(t.Value, ''), Percent: numberOr(t.Percent, 0) })),
  }));
}

function canonicalPorts(v: JsonValue | undefined): Port[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((p) => ({
    ...p,
    Label: stringOr(p.Label, ''),
    Value: numberOr(p.Value, 0),
    To: numberOr(p.To, 0),
    HostNetwork: stringOr(p.HostNetwork, 'default'),
  }));
}

/** canonicalNetworks fills `Mode = "host"` and port defaults (`HostNetwork = "default"`). */
export function canonicalNetworks(v: JsonValue | undefined): NetworkResource[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((n: JsonObject) => {
    const out: NetworkResource = { ...n, Mode: stringOr(n.Mode, 'host') };
    const reserved = canonicalPorts(n.ReservedPorts);
    const dynamic = canonicalPorts(n.DynamicPorts);
    if (reserved !== undefined) out.ReservedPorts = reserved;
    if (dynamic !== undefined) out.DynamicPorts = dynamic;
    return out;
  });
}
