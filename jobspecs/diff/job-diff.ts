/**
 * diffJobs: the plan diff of two job versions in Nomad's shape, with scheduler annotations on
 * tasks (forces create / destroy / in-place update / create/destroy update), on group counts,
 * and an estimate of allocation updates per group (the plan endpoint replaces `Updates` with
 * the scheduler's real DesiredTGUpdates when it runs a dry-run).
 */
import type { Job, Task, TaskGroup } from '../../api/structs/job.js';
import type { JsonObject } from '../schema/spec.js';
import { diffMembers } from './object-diff.js';
import { groupChangeReasons, taskChangeReasons, tasksUpdated } from './tasks-updated.js';
import type { DiffAnnotation, DiffType, JobDiff, TaskDiff, TaskGroupDiff, TaskGroupUpdateKind } from './types.js';

/** Job fields the diff ignores: server-set bookkeeping, and groups (diffed separately). */
const IGNORED_JOB_FIELDS = new Set([
  'TaskGroups', 'Status', 'StatusDescription', 'Stable', 'Version', 'SubmitTime', 'CreateIndex', 'ModifyIndex',
  'JobModifyIndex', 'NomadTokenID', 'VersionTag', 'Update',
]);
const IGNORED_GROUP_FIELDS = new Set(['Tasks']);

const asObject = (v: object | undefined): JsonObject | undefined => v as JsonObject | undefined;
const orNull = <T>(list: T[]): T[] | null => (list.length > 0 ? list : null);

function diffType(old: unknown, next: unknown, changed: boolean): DiffType {
  if (old === undefined) return 'Added';
  if (next === undefined) return 'Deleted';
  return changed ? 'Edited' : 'None';
}

function diffTask(oldJob: Job | undefined, oldGroup: TaskGroup | undefined, old: Task | undefined, newJob: Job | undefined, newGroup: TaskGroup | undefined, next: Task | undefined, groupDestructive: boolean): TaskDiff {
  const { fields, objects } = diffMembers(asObject(old), asObject(next));
  const type = diffType(old, next, fields.length + objects.length > 0);
  let annotation: DiffAnnotation | undefined;
  if (type === 'Added') annotation = 'forces create';
  else if (type === 'Deleted') annotation = 'forces destroy';
  else if (type === 'Edited' && old !== undefined && next !== undefined && oldJob !== undefined && newJob !== undefined && oldGroup !== undefined && newGroup !== undefined) {
    annotation = groupDestructive || taskChangeReasons(oldJob, oldGroup, old, newJob, newGroup, next).length > 0 ? 'forces create/destroy update' : 'forces in-place update';
  }
  return { Type: type, Name: (next ?? old)?.Name ?? '', Fields: orNull(fields), Objects: orNull(objects), Annotations: annotation === undefined ? null : [annotation] };
}

/** estimateUpdates predicts the group's allocation changes: destructive updates of a group with
 * canaries place `canary` allocations and leave the rest running until promotion. */
function estimateUpdates(type: DiffType, oldCount: number, newCount: number, destructive: boolean, inPlace: boolean, canaries: number): Partial<Record<TaskGroupUpdateKind, number>> {
  const updates: Partial<Record<TaskGroupUpdateKind, number>> = {};
  const add = (kind: TaskGroupUpdateKind, n: number): void => {
    if (n > 0) updates[kind] = n;
  };
  if (type === 'Added') add('create', newCount);
  else if (type === 'Deleted') add('destroy', oldCount);
  else {
    const kept = Math.min(oldCount, newCount);
    if (destructive && canaries > 0) {
      add('canary', canaries);
      add('ignore', oldCount);
      return updates;
    }
    add('create', newCount - oldCount);
    add('destroy', oldCount - newCount);
    add(destructive ? 'create/destroy update' : inPlace ? 'in-place update' : 'ignore', kept);
  }
  return updates;
}

function diffGroup(oldJob: Job | undefined, old: TaskGroup | undefined, newJob: Job | undefined, next: TaskGroup | undefined): TaskGroupDiff {
  const { fields, objects } = diffMembers(asObject(old), asObject(next), IGNORED_GROUP_FIELDS);
  const groupDestructive = old !== undefined && next !== undefined && groupChangeReasons(old, next).length > 0;
  const names = [...new Set([...(old?.Tasks ?? []).map((t) => t.Name), ...(next?.Tasks ?? []).map((t) => t.Name)])];
  const tasks = names
    .map((name) => diffTask(oldJob, old, old?.Tasks.find((t) => t.Name === name), newJob, next, next?.Tasks.find((t) => t.Name === name), groupDestructive))
    .filter((t) => t.Type !== 'None');
  const count = fields.find((f) => f.Name === 'Count');
  if (count !== undefined && count.Type === 'Edited') count.Annotations = [Number(count.New) > Number(count.Old) ? 'forces create' : 'forces destroy'];
  const type = diffType(old, next, fields.length + objects.length + tasks.length > 0);
  // A job-level change (e.g. job meta, merged into every task) can replace allocations of a
  // group whose own diff is empty, so destructiveness is computed from the specs, not the diff.
  const destructive = old !== undefined && next !== undefined && oldJob !== undefined && newJob !== undefined && tasksUpdated(oldJob, old, newJob, next);
  const inPlace = tasks.some((t) => t.Annotations?.includes('forces in-place update') === true) || fields.length + objects.length > 0;
  return {
    Type: type,
    Name: (next ?? old)?.Name ?? '',
    Fields: orNull(fields),
    Objects: orNull(objects),
    Tasks: orNull(tasks),
    Updates: estimateUpdates(type, old?.Count ?? 0, next?.Count ?? 0, destructive, inPlace, newJob?.Type === 'service' ? (next?.Update?.Canary ?? 0) : 0),
  };
}

/** diffJobs diffs two canonical jobs (`old` undefined: the job is new). */
export function diffJobs(old: Job | undefined, next: Job): JobDiff {
  const { fields, objects } = diffMembers(asObject(old), asObject(next), IGNORED_JOB_FIELDS);
  const names = [...new Set([...(old?.TaskGroups ?? []).map((g) => g.Name), ...next.TaskGroups.map((g) => g.Name)])];
  const groups = names.map((name) => diffGroup(old, old?.TaskGroups.find((g) => g.Name === name), next, next.TaskGroups.find((g) => g.Name === name)));
  const changed = fields.length + objects.length > 0 || groups.some((g) => g.Type !== 'None');
  return {
    Type: diffType(old, next, changed),
    ID: next.ID,
    Fields: orNull(fields),
    Objects: orNull(objects),
    TaskGroups: orNull(groups),
  };
}
