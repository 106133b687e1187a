/**
 * tasksUpdated decides whether moving an allocation from one job version to another needs a
 * new allocation (destructive update) or can be done in place (reference §2.3).
 *
 * Destructive: number or names of tasks; ephemeral disk; group networks (ports compared by
 * label/static value/`to`/host network; assigned dynamic values ignored); group volumes;
 * constraints of the job, group or task (Drover does not re-run feasibility on the old node, so a
 * constraint change replaces the allocation); per task: driver, user, config, env, artifacts,
 * templates, vault, volume mounts, merged meta (job+group+task, it reaches tasks as
 * NOMAD_META_*), logs disabled, resources (cpu, cores, memory, memory max, devices, networks).
 * Everything else (count, services and checks, update/restart/reschedule policies, priority,
 * kill timeout, ...) is updated in place.
 */
import type { Constraint, Job, NetworkResource, Task, TaskGroup } from '../../../api/structs/index.js';
import { deepEqual, emptyAsUndefined } from './deep-equal.js';

/** tasksUpdated is true when group `groupName` differs destructively between `oldJob` and `newJob`. */
export function tasksUpdated(oldJob: Job, newJob: Job, groupName: string): boolean {
  const oldGroup = oldJob.TaskGroups.find((g) => g.Name === groupName);
  const newGroup = newJob.TaskGroups.find((g) => g.Name === groupName);
  if (oldGroup === undefined || newGroup === undefined) return true;
  if (oldGroup.Tasks.length !== newGroup.Tasks.length) return true;
  if (!deepEqual(oldGroup.EphemeralDisk, newGroup.EphemeralDisk)) return true;
  if (!networksEqual(oldGroup.Networks, newGroup.Networks)) return true;
  if (!deepEqual(emptyAsUndefined(oldGroup.Volumes), emptyAsUndefined(newGroup.Volumes))) return true;
  if (!constraintsEqual(oldJob.Constraints, newJob.Constraints)) return true;
  if (!constraintsEqual(oldGroup.Constraints, newGroup.Constraints)) return true;
  for (const oldTask of oldGroup.Tasks) {
    const newTask = newGroup.Tasks.find((t) => t.Name === oldTask.Name);
    if (newTask === undefined) return true;
    if (taskUpdated(oldJob, oldGroup, oldTask, newJob, newGroup, newTask)) return true;
  }
  return false;
}

function taskUpdated(oldJob: Job, oldGroup: TaskGroup, oldTask: Task, newJob: Job, newGroup: TaskGroup, newTask: Task): boolean {
  if (oldTask.Driver !== newTask.Driver) return true;
  if ((oldTask.User ?? '') !== (newTask.User ?? '')) return true;
  if (!deepEqual(oldTask.Config, newTask.Config)) return true;
  if (!deepEqual(emptyAsUndefined(oldTask.Env), emptyAsUndefined(newTask.Env))) return true;
  if (!deepEqual(emptyAsUndefined(oldTask.Artifacts), emptyAsUndefined(newTask.Artifacts))) return true;
  if (!deepEqual(emptyAsUndefined(oldTask.Templates), emptyAsUndefined(newTask.Templates))) return true;
  if (!deepEqual(emptyAsUndefined(oldTask.Vault), emptyAsUndefined(newTask.Vault))) return true;
  if (!deepEqual(emptyAsUndefined(oldTask.VolumeMounts), emptyAsUndefined(newTask.VolumeMounts))) return true;
  if (!deepEqual(mergedMeta(oldJob, oldGroup, oldTask), mergedMeta(newJob, newGroup, newTask))) return true;
  if ((oldTask.LogConfig.Disabled ?? false) !== (newTask.LogConfig.Disabled ?? false)) return true;
  if (!constraintsEqual(oldTask.Constraints, newTask.Constraints)) return true;
  const oldRes = oldTask.Resources;
  const newRes = newTask.Resources;
  if (oldRes.CPU !== newRes.CPU || (oldRes.Cores ?? 0) !== (newRes.Cores ?? 0)) return true;
  if (oldRes.MemoryMB !== newRes.MemoryMB || (oldRes.MemoryMaxMB ?? 0) !== (newRes.MemoryMaxMB ?? 0)) return true;
  if (!deepEqual(emptyAsUndefined(oldRes.Devices), emptyAsUndefined(newRes.Devices))) return true;
  return !networksEqual(oldRes.Networks, newRes.Networks);
}

/** mergedMeta is the meta a task sees: job meta, overridden by group meta, then task meta. */
function mergedMeta(job: Job, group: TaskGroup, task: Task): Record<string, string> {
  return { ...job.Meta, ...group.Meta, ...task.Meta };
}

function constraintsEqual(a: readonly Constraint[] | undefined, b: readonly Constraint[] | undefined): boolean {
  return deepEqual(emptyAsUndefined(a), emptyAsUndefined(b));
}

/** networksEqual compares network asks, ignoring the values assigned to dynamic ports. */
function networksEqual(a: readonly NetworkResource[] | undefined, b: readonly NetworkResource[] | undefined): boolean {
  return deepEqual(emptyAsUndefined(a?.map(networkShape)), emptyAsUndefined(b?.map(networkShape)));
}

function networkShape(n: NetworkResource): unknown {
  return {
    Mode: n.Mode,
    MBits: n.MBits ?? 0,
    Hostname: n.Hostname ?? '',
    DNS: n.DNS,
    ReservedPorts: (n.ReservedPorts ?? []).map((p) => ({ Label: p.Label, Value: p.Value, To: p.To, HostNetwork: p.HostNetwork })),
    DynamicPorts: (n.DynamicPorts ?? []).map((p) => ({ Label: p.Label, To: p.To, HostNetwork: p.HostNetwork })),
  };
}
