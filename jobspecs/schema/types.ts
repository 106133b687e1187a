/**
 * The submitted job: the `{"Job": {...}}` JSON format (PascalCase, durations in ns, every field
 * optional except ID) before defaults are applied. Its shape is defined by the block table
 * (spec.ts + blocks/) and enforced by the JSON Schema built from it (json-schema.ts); this type
 * only pins what every consumer relies on. jobspecs/canonicalize/ turns it into api/structs Job.
 */
import type { JsonObject, JsonValue } from './spec.js';

/** SubmittedJob is a submitted (not yet canonical) job; validated against the job schema. */
export type SubmittedJob = JsonObject & { ID: string; Name?: string; TaskGroups?: JsonValue };

/** JobJsonError is one schema violation, located by its JSON path (`Job.TaskGroups[0].Count`). */
export interface JobJsonError {
  path: string;
  message: string;
}

/** ValidateJobJsonResult is the outcome of validating a request body. */
export type ValidateJobJsonResult = { ok: true; job: SubmittedJob } | { ok: false; errors: JobJsonError[] };
