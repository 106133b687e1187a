/**
 * Defaults of `service` and `check` blocks (Nomad's api Service.Canonicalize).
 */
import type { Service } from '../../api/structs/job.js';
import type { JsonValue } from '../schema/spec.js';
import { objectsOf, stringOr } from './json-access.js';

/** canonicalServices names unnamed services `<job>-<group>[-<task>]` and fills provider/modes. */
export function canonicalServices(v: JsonValue | undefined, defaultName: string): Service[] | undefined {
  if (v === undefined) return undefined;
  return objectsOf(v).map((s) => {
    const name = stringOr(s.Name, defaultName);
    const onUpdate = stringOr(s.OnUpdate, 'require_healthy');
    const service: Service = {
      ...s,
      Name: name,
      PortLabel: stringOr(s.PortLabel, ''),
      Provider: stringOr(s.Provider, 'consul') === 'nomad' ? 'nomad' : 'consul',
      AddressMode: stringOr(s.AddressMode, 'auto'),
      OnUpdate: onUpdate,
    };
    if (s.Checks !== undefined) {
      service.Checks = objectsOf(s.Checks).map((c) => ({
        ...c,
        Name: stringOr(c.Name, `service: "${name}" check`),
        Type: stringOr(c.Type, ''),
        Interval: typeof c.Interval === 'number' ? c.Interval : 0,
        Timeout: typeof c.Timeout === 'number' ? c.Timeout : 0,
        OnUpdate: stringOr(c.OnUpdate, onUpdate),
      }));
    }
    return service;
  });
}
