/**
 * Destructive vs in-place changes (Nomad's scheduler `tasksUpdated`, reference §2.3). A change
 * is destructive (the allocation must be replaced) when the tasks' runtime changes: number of
 * tasks, ephemeral disk, group network (dynamic port values ignored), volumes, consul, and per
 * task: driver, user, config, env, artifacts, vault, secrets, templates, CSI plugin, volume
 * mounts, meta (job + group + task merged), identities, logs disabled, restart render_templates,
 * resources (cpu, cores, memory, memory_max, devices, numa, secrets). Everything else (count,
 * services/checks, update/restart/reschedule policies, constraints, kill_timeout, ...) is in place.
 * The scheduler's in-place/destructive decision can call these functions directly.
 */
import type { Job, Task, TaskGroup } from '../../api/structs/job.js';
import type { NetworkResource } from '../../api/structs/resources.js';
import { jsonEqual } from './json-equal.js';

/** DESTRUCTIVE_TASK_FIELDS are the task fields whose change replaces the allocation. */
export const DESTRUCTIVE_TASK_FIELDS = [
  'Driver', 'User', 'Config', 'Env', 'Artifacts', 'Vault', 'Secrets', 'Templates', 'CSIPluginConfig',
  'VolumeMounts', 'Identity', 'Identities', 'DispatchPayload', 'Consul',
] as const;

function differs(a: unknown, b: unknown): boolean {
  return !jsonEqual(a, b);
}

/** networkShape drops dynamic port values (assigned by the scheduler, not asked by the user). */
function networkShape(networks: readonly NetworkResource[] | undefined): unknown {
  return (networks ?? []).map((n) => ({
    Mode: n.Mode, MBits: n.MBits, Hostname: n.Hostname, DNS: n.DNS, CNI: (n as { CNI?: unknown }).CNI,
    ReservedPorts: n.ReservedPorts,
    DynamicPorts: (n.DynamicPorts ?? []).map((p) => ({ Label: p.Label, To: p.To, HostNetwork: p.HostNetwork })),
  }));
}

function mergedMeta(job: Job, tg: TaskGroup, task: Task): Record<string, string> {
  return { ...(job.Meta ?? {}), ...(tg.Meta ?? {}), ...(task.Meta ?? {}) };
}

/** taskChangeReasons lists why a task change is destructive (empty = in place or unchanged). */
export function taskChangeReasons(oldJob: Job, oldGroup: TaskGroup, oldTask: Task, newJob: Job, newGroup: TaskGroup, newTask: Task): string[] {
  const reasons: string[] = [];
  for (const key of DESTRUCTIVE_TASK_FIELDS) if (differs(oldTask[key], newTask[key])) reasons.push(key);
  if (differs(mergedMeta(oldJob, oldGroup, oldTask), mergedMeta(newJob, newGroup, newTask))) reasons.push('Meta');
  if ((oldTask.LogConfig.Disabled ?? false) !== (newTask.LogConfig.Disabled ?? false)) reasons.push('LogConfig.Disabled');
  if ((oldTask.RestartPolicy?.RenderTemplates ?? false) !== (newTask.RestartPolicy?.RenderTemplates ?? false)) reasons.push('RestartPolicy.RenderTemplates');
  const a = oldTask.Resources;
  const b = newTask.Resources;
  const resourceKeys = ['CPU', 'Cores', 'MemoryMB', 'MemoryMaxMB', 'Devices', 'NUMA', 'SecretsMB'] as const;
  for (const key of resourceKeys) if (differs(a[key as keyof typeof a], b[key as keyof typeof b])) reasons.push(`Resources.${key}`);
  if (differs(networkShape(a.Networks), networkShape(b.Networks))) reasons.push('Resources.Networks');
  return reasons;
}

/** groupChangeReasons lists group-level reasons that make every allocation of the group be replaced. */
export function groupChangeReasons(oldGroup: TaskGroup, newGroup: TaskGroup): string[] {
  const reasons: string[] = [];
  if (oldGroup.Tasks.length !== newGroup.Tasks.length) reasons.push('number of tasks');
  const oldNames = new Set(oldGroup.Tasks.map((t) => t.Name));
  if (newGroup.Tasks.some((t) => !oldNames.has(t.Name))) reasons.push('tasks added or renamed');
  if (differs(oldGroup.EphemeralDisk, newGroup.EphemeralDisk)) reasons.push('EphemeralDisk');
  if (differs(networkShape(oldGroup.Networks), networkShape(newGroup.Networks))) reasons.push('Networks');
  if (differs(oldGroup.Volumes, newGroup.Volumes)) reasons.push('Volumes');
  if (differs(oldGroup.Consul, newGroup.Consul)) reasons.push('Consul');
  const connect = (g: TaskGroup): unknown => (g.Services ?? []).map((s) => ({ Name: s.Name, PortLabel: s.PortLabel, Connect: s.Connect }));
  if (differs(connect(oldGroup), connect(newGroup)) && [...(oldGroup.Services ?? []), ...(newGroup.Services ?? [])].some((s) => s.Connect !== undefined)) {
    reasons.push('Connect services');
  }
  return reasons;
}

/** tasksUpdated says whether moving allocations of `oldGroup` to `newGroup` is destructive. */
export function tasksUpdated(oldJob: Job, oldGroup: TaskGroup, newJob: Job, newGroup: TaskGroup): boolean {
  if (groupChangeReasons(oldGroup, newGroup).length > 0) return true;
  return newGroup.Tasks.some((task) => {
    const old = oldGroup.Tasks.find((t) => t.Name === task.Name);
    return old === undefined || taskChangeReasons(oldJob, oldGroup, old, newJob, newGroup, task).length > 0;
  });
}
