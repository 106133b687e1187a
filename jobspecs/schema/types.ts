/**
 * The submitted job: the `{"Job": {...}}` JSON format (PascalCase, durations in ns, every field
 * optional and nullable except ID) before defaults are applied. The type is DERIVED from the
 * block table (spec.ts + blocks/), the same table the JSON Schema is built from, so the type and
 * the schema cannot drift. jobspecs/canonicalize/ turns it into the api/structs Job.
 */
import type { jobBlock } from './blocks/job.js';
import type { groupBlock } from './blocks/group.js';
import type { taskBlock } from './blocks/task.js';
import type { BlockSpec, FieldType, JsonObject, JsonValue } from './spec.js';

/** SubmittedValue maps a field type of the table to its submitted JSON type. */
export type SubmittedValue<T extends FieldType> =
  T extends { kind: 'string'; enum?: infer E } ? (E extends readonly (infer V)[] ? V : string)
    : T extends { kind: 'integer' | 'number' | 'duration' } ? number
      : T extends { kind: 'boolean' } ? boolean
        : T extends { kind: 'stringList' } ? string[]
          : T extends { kind: 'stringMap' } ? Record<string, string>
            : T extends { kind: 'stringListMap' } ? Record<string, string[]>
              : T extends { kind: 'freeform' } ? JsonObject
                : T extends { kind: 'block'; block: infer B extends BlockSpec; repeat: 'single' } ? SubmittedBlock<B>
                  : T extends { kind: 'block'; block: infer B extends BlockSpec; repeat: 'list' } ? Array<SubmittedBlock<B>>
                    : T extends { kind: 'block'; block: infer B extends BlockSpec; repeat: 'map' } ? Record<string, SubmittedBlock<B>>
                      : JsonValue;

/** SubmittedBlock is the JSON object of a block: every JSON-named field, optional and nullable. */
export type SubmittedBlock<B extends BlockSpec> = {
  -readonly [F in B['fields'][number] as F extends { json?: infer J } ? (J extends string ? J : never) : never]?: SubmittedValue<F['type']> | null;
};

/** SubmittedTask is a task of a submitted job. */
export type SubmittedTask = SubmittedBlock<typeof taskBlock> & { Name: string };
/** SubmittedTaskGroup is a group of a submitted job. */
export type SubmittedTaskGroup = SubmittedBlock<typeof groupBlock> & { Name: string };

/** SubmittedJob is a submitted (not yet canonical) job, valid against the job schema. */
export type SubmittedJob = SubmittedBlock<typeof jobBlock> & { ID: string };

/** JobJsonError is one schema violation, located by its JSON path (`Job.TaskGroups[0].Count`). */
export interface JobJsonError {
  path: string;
  message: string;
}

/** ValidateJobJsonResult is the outcome of validating a request body. */
export type ValidateJobJsonResult = { ok: true; job: SubmittedJob } | { ok: false; errors: JobJsonError[] };

/** submittedAsJson views a submitted job as the plain JSON object it is (for generic walkers). */
export function submittedAsJson(job: SubmittedJob): JsonObject {
  return job as unknown as JsonObject;
}
