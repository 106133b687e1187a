/**
 * Task defaults (Nomad's api Task.Canonicalize): kill timeout, logs, resources, restart policy
 * merged over the group's, templates, artifacts, vault, services, lifecycle.
 */
import type { RestartPolicy, Task } from '../../api/structs/job.js';
import type { Resources } from '../../api/structs/resources.js';
import type { JsonObject, JsonValue } from '../schema/spec.js';
import { DEFAULT_LOG_CONFIG, DEFAULTS } from './defaults.js';
import { boolOr, mergeOver, numberOr, objectOr, objectsOf, stringOr } from './json-access.js';
import { canonicalAffinities, canonicalConstraints, canonicalNetworks } from './placement.js';
import { canonicalServices } from './services.js';

/** canonicalResources: cpu 100 MHz (0 when whole cores are reserved), memory 300 MB, device count 1. */
export function canonicalResources(v: JsonValue | undefined): Resources {
  const r = objectOr(v) ?? {};
  const cores = numberOr(r.Cores, 0);
  const out: Resources = { ...r, CPU: numberOr(r.CPU, cores > 0 ? 0 : DEFAULTS.cpuMHz), Cores: cores, MemoryMB: numberOr(r.MemoryMB, DEFAULTS.memoryMB) };
  const networks = canonicalNetworks(r.Networks);
  if (networks !== undefined) out.Networks = networks;
  if (r.Devices !== undefined) {
    out.Devices = objectsOf(r.Devices).map((d) => {
      const device: NonNullable<Resources['Devices']>[number] = { ...d, Name: stringOr(d.Name, ''), Count: numberOr(d.Count, 1) };
      const constraints = canonicalConstraints(d.Constraints);
      const affinities = canonicalAffinities(d.Affinities);
      if (constraints !== undefined) device.Constraints = constraints;
      if (affinities !== undefined) device.Affinities = affinities;
      return device;
    });
  }
  return out;
}

const TEMPLATE_DEFAULTS = {
  SourcePath: '',
  ChangeMode: 'restart',
  ChangeSignal: '',
  Splay: DEFAULTS.templateSplay,
  Perms: '0644',
  LeftDelim: '{{',
  RightDelim: '}}',
  Envvars: false,
  ErrMissingKey: false,
};

const VAULT_DEFAULTS = { Cluster: 'default', ChangeMode: 'restart', Env: true, DisableFile: false, AllowTokenExpiration: false };

/** setIfDefined assigns a canonicalized optional field only when present. */
function setIfDefined<T>(target: Record<string, unknown>, key: string, value: T | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** canonicalTask fills a task's defaults; `groupRestart` is the group's canonical restart policy. */
export function canonicalTask(t: JsonObject, groupRestart: RestartPolicy, serviceNamePrefix: string): Task {
  const name = stringOr(t.Name, '');
  const task: Task = {
    ...t,
    Name: name,
    Driver: stringOr(t.Driver, ''),
    Config: objectOr(t.Config) ?? {},
    Resources: canonicalResources(t.Resources),
    RestartPolicy: mergeOver(groupRestart, objectOr(t.RestartPolicy)),
    KillTimeout: numberOr(t.KillTimeout, DEFAULTS.killTimeout),
    LogConfig: mergeOver(DEFAULT_LOG_CONFIG, objectOr(t.LogConfig)),
    Leader: boolOr(t.Leader, false),
  };
  setIfDefined(task, 'Constraints', canonicalConstraints(t.Constraints));
  setIfDefined(task, 'Affinities', canonicalAffinities(t.Affinities));
  setIfDefined(task, 'Services', canonicalServices(t.Services, `${serviceNamePrefix}-${name}`));
  if (t.Templates !== undefined) task.Templates = objectsOf(t.Templates).map((tpl) => mergeOver(TEMPLATE_DEFAULTS, tpl));
  if (t.Artifacts !== undefined) task.Artifacts = objectsOf(t.Artifacts).map((a) => mergeOver({ GetterMode: 'any', RelativeDest: 'local/' }, a));
  const vault = objectOr(t.Vault);
  if (vault !== undefined) task.Vault = mergeOver(VAULT_DEFAULTS, vault);
  const lifecycle = objectOr(t.Lifecycle);
  if (lifecycle !== undefined) {
    const hook = stringOr(lifecycle.Hook, '');
    if (hook === 'prestart' || hook === 'poststart' || hook === 'poststop') task.Lifecycle = { Hook: hook, Sidecar: boolOr(lifecycle.Sidecar, false) };
    else if (hook === '') delete task.Lifecycle; // Nomad drops a lifecycle block without hook
  }
  if (t.ScalingPolicies !== undefined) {
    task.ScalingPolicies = objectsOf(t.ScalingPolicies).map((p) => ({ ...p, Enabled: boolOr(p.Enabled, true) }));
  }
  return task;
}
