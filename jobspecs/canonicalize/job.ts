/**
 * canonicalizeJob: submitted job -> canonical api/structs Job with every Nomad default filled
 * (region global, namespace default, priority 50, type service, datacenters ["*"], node pool
 * default, update defaults for service jobs merged into groups, ...). Idempotent:
 * canonicalizeJob(canonicalizeJob(j)) deep-equals canonicalizeJob(j).
 */
import type { Job, JobStatus, JobType, ParameterizedJobConfig, PeriodicConfig } from '../../api/structs/job.js';
import { isJsonObject, type JsonObject } from '../schema/spec.js';
import { submittedAsJson, type SubmittedJob } from '../schema/types.js';
import { DEFAULT_UPDATE, DEFAULTS, JOB_TYPES } from './defaults.js';
import { boolOr, mergeOver, numberOr, objectOr, objectsOf, policyLayer, stringOr, stringsOf, withoutNulls } from './json-access.js';
import { canonicalGroup } from './group.js';
import { canonicalAffinities, canonicalConstraints, canonicalSpreads } from './placement.js';

const STATUSES: readonly JobStatus[] = ['pending', 'running', 'dead'];

function jobType(v: unknown): JobType {
  return JOB_TYPES.find((t) => t === v) ?? DEFAULTS.type;
}

function canonicalPeriodic(p: JsonObject): PeriodicConfig {
  const out: PeriodicConfig = {
    ...p,
    Enabled: boolOr(p.Enabled, true),
    Spec: stringOr(p.Spec, ''),
    SpecType: 'cron',
    ProhibitOverlap: boolOr(p.ProhibitOverlap, false),
    TimeZone: stringOr(p.TimeZone, DEFAULTS.periodicTimeZone),
  };
  if (p.Specs !== undefined) out.Specs = stringsOf(p.Specs);
  return out;
}

function canonicalParameterized(p: JsonObject): ParameterizedJobConfig {
  const payload = stringOr(p.Payload, 'optional');
  return {
    Payload: payload === 'required' || payload === 'forbidden' ? payload : 'optional',
    MetaRequired: stringsOf(p.MetaRequired),
    MetaOptional: stringsOf(p.MetaOptional),
  };
}

/** canonicalizeJob applies Nomad's defaults to a submitted job (the input is not modified). */
export function canonicalizeJob(submitted: SubmittedJob): Job {
  const cleaned = withoutNulls(submittedAsJson(submitted));
  const j: JsonObject = isJsonObject(cleaned) ? cleaned : {};
  const type = jobType(j.Type);
  const id = stringOr(j.ID, '');
  const name = stringOr(j.Name, id);
  const datacenters = stringsOf(j.Datacenters);
  const submittedUpdate = policyLayer(j.Update);
  const update = submittedUpdate !== undefined ? mergeOver(DEFAULT_UPDATE, submittedUpdate) : type === 'service' ? { ...DEFAULT_UPDATE } : undefined;
  const status = STATUSES.find((s) => s === j.Status) ?? 'pending';
  const job: Job = {
    ...j,
    Region: stringOr(j.Region, DEFAULTS.region),
    Namespace: stringOr(j.Namespace, DEFAULTS.namespace),
    ID: id,
    Name: name,
    Type: type,
    Priority: numberOr(j.Priority, DEFAULTS.priority),
    AllAtOnce: boolOr(j.AllAtOnce, false),
    Datacenters: datacenters.length > 0 ? datacenters : [...DEFAULTS.datacenters],
    NodePool: stringOr(j.NodePool, DEFAULTS.nodePool),
    TaskGroups: objectsOf(j.TaskGroups).map((tg) => canonicalGroup(tg, {
      type,
      name,
      update,
      migrate: policyLayer(j.Migrate),
      reschedule: policyLayer(j.Reschedule),
    })),
    Stop: boolOr(j.Stop, false),
    Status: status,
    Stable: boolOr(j.Stable, false),
    Version: numberOr(j.Version, 0),
    SubmitTime: numberOr(j.SubmitTime, 0),
    CreateIndex: numberOr(j.CreateIndex, 0),
    ModifyIndex: numberOr(j.ModifyIndex, 0),
    JobModifyIndex: numberOr(j.JobModifyIndex, 0),
  };
  if (update !== undefined) job.Update = update;
  else delete job.Update;
  const constraints = canonicalConstraints(j.Constraints);
  const affinities = canonicalAffinities(j.Affinities);
  const spreads = canonicalSpreads(j.Spreads);
  if (constraints !== undefined) job.Constraints = constraints;
  if (affinities !== undefined) job.Affinities = affinities;
  if (spreads !== undefined) job.Spreads = spreads;
  const periodic = objectOr(j.Periodic);
  if (periodic !== undefined) job.Periodic = canonicalPeriodic(periodic);
  const parameterized = objectOr(j.ParameterizedJob);
  if (parameterized !== undefined) job.ParameterizedJob = canonicalParameterized(parameterized);
  return job;
}
