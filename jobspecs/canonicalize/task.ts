/**
 * Task defaults (Nomad's api Task.Canonicalize): kill timeout, logs, resources, restart policy
 * merged over the group's, templates, artifacts, vault, services, lifecycle.
 */
import type { RestartPolicy, Task } from '../../api/structs/job.js';
import type { Resources } from '../../api/structs/resources.js';
import type { JsonObject, JsonValue } from '../schema/spec.js';
import { DEFAULT_LOG_CONFIG, DEFAULTS } from './defaults.js';
import { boolOr, mergeOver, numberOr, objectOr, objectsOf, policyLayer, stringOr } from './json-access.js';
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

const VAULT_DEFAULTS = { Cluster: 'default', Namespace: '', ChangeMode: 'restart', ChangeSignal: 'SIGHUP', Env: true, DisableFile: false, AllowTokenExpiration: false };

/** canonicalTemplate: Nomad's template defaults; signal mode defaults to SIGHUP; signals upper-cased. */
function canonicalTemplate(tpl: JsonObject): JsonObject {
  const out = mergeOver(TEMPLATE_DEFAULTS, tpl) as JsonObject;
  const signal = tpl.ChangeSignal;
  out.ChangeSignal = typeof signal === 'string' ? signal.toUpperCase() : out.ChangeMode === 'signal' ? 'SIGHUP' : '';
  const script = objectOr(tpl.ChangeScript);
  if (script !== undefined) out.ChangeScript = mergeOver({ Command: '', Args: [], Timeout: 5e9, FailOnError: false }, script);
  return out;
}

/** canonicalArtifact: mode `any`; destination `local/` (file mode: `local/<file name of the source>`). */
function canonicalArtifact(a: JsonObject): JsonObject {
  const mode = stringOr(a.GetterMode, 'any');
  const source = stringOr(a.GetterSource, '');
  const fileName = source.split('?')[0]?.split('/').filter((x) => x !== '').pop() ?? '';
  const dest = mode === 'file' && fileName !== '' ? `local/${fileName}` : 'local/';
  return mergeOver({ GetterSource: source, GetterMode: mode, RelativeDest: dest }, a);
}

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
    RestartPolicy: mergeOver(groupRestart, policyLayer(t.RestartPolicy)),
    KillTimeout: numberOr(t.KillTimeout, DEFAULTS.killTimeout),
    LogConfig: mergeOver(DEFAULT_LOG_CONFIG, objectOr(t.LogConfig)),
    Leader: boolOr(t.Leader, false),
  };
  setIfDefined(task, 'Constraints', canonicalConstraints(t.Constraints));
  setIfDefined(task, 'Affinities', canonicalAffinities(t.Affinities));
  setIfDefined(task, 'Services', canonicalServices(t.Services, `${serviceNamePrefix}-${name}`));
  if (t.Templates !== undefined) task.Templates = objectsOf(t.Templates).map(canonicalTemplate);
  if (t.Artifacts !== undefined) task.Artifacts = objectsOf(t.Artifacts).map(canonicalArtifact);
  if (t.VolumeMounts !== undefined) task.VolumeMounts = objectsOf(t.VolumeMounts).map((m) => mergeOver({ ReadOnly: false, PropagationMode: 'private' }, m));
  const csi = objectOr(t.CSIPluginConfig);
  if (csi !== undefined) task.CSIPluginConfig = mergeOver({ MountDir: '/csi', HealthTimeout: 30e9 }, csi);
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
