/**
 * Task group defaults (Nomad's api TaskGroup.Canonicalize): count (or scaling.min), ephemeral
 * disk, update/migrate/reschedule merged job -> group over type defaults, restart per type.
 */
import type { Job, TaskGroup, UpdateStrategy } from '../../api/structs/job.js';
import type { JsonObject } from '../schema/spec.js';
import { DEFAULT_MIGRATE, DEFAULT_UPDATE, DEFAULTS, defaultReschedulePolicy, defaultRestartPolicy } from './defaults.js';
import { boolOr, mergeOver, numberOr, objectOr, objectsOf, policyLayer, stringOr } from './json-access.js';
import { canonicalAffinities, canonicalConstraints, canonicalNetworks, canonicalSpreads } from './placement.js';
import { canonicalServices } from './services.js';
import { canonicalTask } from './task.js';

/** JobContext is what a group needs from its (partly canonical) job. */
export interface JobContext {
  type: Job['Type'];
  name: string;
  update: UpdateStrategy | undefined;
  migrate: JsonObject | undefined;
  reschedule: JsonObject | undefined;
}

/** groupUpdate merges job and group update over the defaults (service/system). For other types
 * an explicitly submitted group update is kept so that validation can reject it. */
function groupUpdate(job: JobContext, tg: JsonObject): UpdateStrategy | undefined {
  const own = policyLayer(tg.Update);
  if (job.type !== 'service' && job.type !== 'system') return own === undefined ? undefined : mergeOver(DEFAULT_UPDATE, own);
  if (job.update === undefined && own === undefined) return undefined;
  return mergeOver(DEFAULT_UPDATE, job.update, own);
}

/** canonicalGroup fills a group's defaults and canonicalizes its tasks. */
export function canonicalGroup(tg: JsonObject, job: JobContext): TaskGroup {
  const name = stringOr(tg.Name, '');
  const scaling = objectOr(tg.Scaling);
  const count = numberOr(tg.Count, numberOr(scaling?.Min, DEFAULTS.count));
  const restart = mergeOver(defaultRestartPolicy(job.type), policyLayer(tg.RestartPolicy));
  const group: TaskGroup = {
    ...tg,
    Name: name,
    Count: count,
    RestartPolicy: restart,
    EphemeralDisk: mergeOver({ Sticky: false, SizeMB: DEFAULTS.ephemeralDiskMB, Migrate: false }, objectOr(tg.EphemeralDisk)),
    Tasks: objectsOf(tg.Tasks).map((t) => canonicalTask(t, restart, `${job.name}-${name}`)),
  };
  const update = groupUpdate(job, tg);
  if (update !== undefined) group.Update = update;
  else delete group.Update;
  if (job.type === 'service') group.Migrate = mergeOver(DEFAULT_MIGRATE, job.migrate, policyLayer(tg.Migrate));
  const rescheduleDefault = defaultReschedulePolicy(job.type);
  if (rescheduleDefault !== undefined) group.ReschedulePolicy = mergeOver(rescheduleDefault, job.reschedule, policyLayer(tg.ReschedulePolicy));
  else delete group.ReschedulePolicy;
  const optional: Array<[string, unknown]> = [
    ['Constraints', canonicalConstraints(tg.Constraints)],
    ['Affinities', canonicalAffinities(tg.Affinities)],
    ['Spreads', canonicalSpreads(tg.Spreads)],
    ['Networks', canonicalNetworks(tg.Networks)],
    ['Services', canonicalServices(tg.Services, `${job.name}-${name}`)],
  ];
  for (const [key, value] of optional) if (value !== undefined) group[key] = value;
  if (scaling !== undefined) {
    group.Scaling = { ...scaling, Min: numberOr(scaling.Min, count), Enabled: boolOr(scaling.Enabled, true), Type: stringOr(scaling.Type, 'horizontal') };
  }
  const disconnect = objectOr(tg.Disconnect);
  if (disconnect !== undefined) group.Disconnect = mergeOver({ Replace: true, Reconcile: 'best_score' }, disconnect);
  const volumes = objectOr(tg.Volumes);
  if (volumes !== undefined) {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [label, raw] of Object.entries(volumes)) {
      const vol = objectOr(raw) ?? {};
      out[label] = mergeOver({ Name: label, Type: 'host', ReadOnly: false, PerAlloc: false }, vol);
    }
    group.Volumes = out;
  }
  return group;
}
