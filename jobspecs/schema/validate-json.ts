/**
 * validateJobJson: the JSON job format validator the HTTP routes and `parseJobspec` use. Ajv is
 * configured as a write endpoint must be: no stripping of unknown fields, no type coercion, all
 * errors (bodies are bounded by limits.ts first). Errors are translated to JSON paths
 * (`Job.TaskGroups[0].Tasks[1].Resources.CPU: must be integer`) with "did you mean".
 */
import { Ajv, type ErrorObject } from 'ajv';
import { checkLimits, jsonPathOf } from './limits.js';
import { jobRequestSchema, jobSchema } from './json-schema.js';
import { isJsonObject } from './spec.js';
import { didYouMean } from './suggest.js';
import type { JobJsonError, SubmittedJob, ValidateJobJsonResult } from './types.js';
import type { JSONSchema7 } from '../../plugins/json-schema.js';

const ajv = new Ajv({ allErrors: true, verbose: true, removeAdditional: false, coerceTypes: false, useDefaults: false, strict: false });
const validateRequest = ajv.compile(jobRequestSchema);

/** MAX_REPORTED_ERRORS caps the error list returned to a client. */
export const MAX_REPORTED_ERRORS = 50;

/** pointerSegments splits an ajv instancePath (`/Job/TaskGroups/0`) into keys and indexes. */
function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((raw) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
  });
}

/** schemaAt walks the schema along a data path to find the properties known there. */
function knownPropertiesAt(segments: ReadonlyArray<string | number>): string[] {
  let schema: JSONSchema7 | undefined = jobRequestSchema;
  for (const segment of segments) {
    if (schema === undefined) return [];
    const options: JSONSchema7[] = schema.anyOf ?? [schema];
    const objectLike: JSONSchema7 | undefined = options.find((s) => s.properties !== undefined || s.items !== undefined || typeof s.additionalProperties === 'object');
    if (objectLike === undefined) return [];
    if (typeof segment === 'number') schema = objectLike.items;
    else schema = objectLike.properties?.[segment] ?? (typeof objectLike.additionalProperties === 'object' ? objectLike.additionalProperties : undefined);
  }
  const options: JSONSchema7[] = schema?.anyOf ?? (schema === undefined ? [] : [schema]);
  return options.flatMap((s) => Object.keys(s.properties ?? {}));
}

/** translateError turns one ajv error into a located, human message. */
function translateError(error: ErrorObject): JobJsonError {
  const segments = pointerSegments(error.instancePath);
  const path = jsonPathOf(segments) || '(root)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return { path: jsonPathOf([...segments, name]), message: `unknown field "${name}" at ${path}${didYouMean(name, knownPropertiesAt(segments))}` };
    }
    case 'required':
      return { path: jsonPathOf([...segments, String(params.missingProperty)]), message: `missing required field "${String(params.missingProperty)}"` };
    case 'enum': {
      // "" is accepted as "unset" (Nomad prints it) but is not worth suggesting.
      const allowed = (params.allowedValues as unknown[]).filter((v) => v !== '').map(String);
      const given = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${given}` };
    }
    case 'type':
      return { path, message: `must be ${String(params.type).replace(',null', '').replace(',', ' or ')}` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** relevantErrors drops ajv's echo errors of `anyOf: [X, null]` (the null branch and the anyOf). */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'));
}

/**
 * validateJobJson checks a request body: `{"Job": {...}}` (with register-request fields) or a
 * bare job object. Never throws on bad input: returns located errors instead.
 */
export function validateJobJson(body: unknown): ValidateJobJsonResult {
  if (!isJsonObject(body)) return { ok: false, errors: [{ path: '(root)', message: 'body must be a JSON object' }] };
  const wrapped = 'Job' in body ? body : { Job: body };
  const violation = checkLimits(wrapped);
  if (violation !== undefined) return { ok: false, errors: [violation] };
  if (validateRequest(wrapped)) {
    return { ok: true, job: (wrapped as { Job: SubmittedJob }).Job };
  }
  const errors = relevantErrors(validateRequest.errors ?? []).slice(0, MAX_REPORTED_ERRORS).map(translateError);
  return { ok: false, errors: dedupe(errors) };
}

function dedupe(errors: JobJsonError[]): JobJsonError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** jobJsonSchema is the schema of a bare job, for fastify route schemas and docs. */
export const jobJsonSchema: JSONSchema7 = jobSchema;
/** jobRequestJsonSchema is the schema of a `{"Job": ...}` register request. */
export const jobRequestJsonSchema: JSONSchema7 = jobRequestSchema;
