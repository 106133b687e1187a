/**
 * Job diff shapes, as Nomad's plan endpoint returns them (`nomad/structs/diff.go`).
 */

/** DiffType says how an item changed between two job versions. */
export type DiffType = 'Added' | 'Deleted' | 'Edited' | 'None';

/** Annotation explains what a change forces on the allocations (`scheduler/annotate.go`). */
export type DiffAnnotation = 'forces create' | 'forces destroy' | 'forces in-place update' | 'forces create/destroy update';

/** FieldDiff is a changed primitive; values are rendered as strings (durations in ns). */
export interface FieldDiff {
  Type: DiffType;
  Name: string;
  Old: string;
  New: string;
  Annotations: DiffAnnotation[] | null;
}

/** ObjectDiff is a changed nested block (or list element, or map). */
export interface ObjectDiff {
  Type: DiffType;
  Name: string;
  Fields: FieldDiff[] | null;
  Objects: ObjectDiff[] | null;
}

/** TaskDiff is the diff of one task, annotated with what the change forces. */
export interface TaskDiff {
  Type: DiffType;
  Name: string;
  Fields: FieldDiff[] | null;
  Objects: ObjectDiff[] | null;
  Annotations: DiffAnnotation[] | null;
}

/** TaskGroupUpdateKind is a key of TaskGroupDiff.Updates. */
export type TaskGroupUpdateKind = 'ignore' | 'create' | 'destroy' | 'migrate' | 'canary' | 'in-place update' | 'create/destroy update';

/** TaskGroupDiff is the diff of one group; `Updates` estimates allocation changes per kind. */
export interface TaskGroupDiff {
  Type: DiffType;
  Name: string;
  Fields: FieldDiff[] | null;
  Objects: ObjectDiff[] | null;
  Tasks: TaskDiff[] | null;
  Updates: Partial<Record<TaskGroupUpdateKind, number>> | null;
}

/** JobDiff is the diff of two job versions. */
export interface JobDiff {
  Type: DiffType;
  ID: string;
  Fields: FieldDiff[] | null;
  Objects: ObjectDiff[] | null;
  TaskGroups: TaskGroupDiff[] | null;
}
