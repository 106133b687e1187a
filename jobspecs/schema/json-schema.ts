/**
 * Builds the JSON Schema (draft-07, ajv) of the JSON job format from the block table. Every
 * object is closed (`additionalProperties: false`) so a misspelled field is rejected, never
 * stripped; optional fields also accept `null`, which `nomad job inspect` output is full of.
 * Free-form maps (driver config) are open; their depth and size are bounded by limits.ts.
 */
import type { JSONSchema7 } from '../../plugins/json-schema.js';
import { assertNever } from '../../api/errors.js';
import { jobBlock } from './blocks/job.js';
import type { BlockSpec, FieldSpec, FieldType } from './spec.js';

/** Limits written into the schema (the pre-walk in limits.ts bounds everything else). */
export const SCHEMA_LIMITS = {
  maxStringLength: 65536,
  maxListItems: 1000,
  maxTaskGroups: 1000,
} as const;

function withDoc(schema: JSONSchema7, f: FieldSpec): JSONSchema7 {
  const doc = f.default === undefined ? f.doc : `${f.doc} Default: ${f.default}.`;
  return { ...schema, description: doc };
}

function nullable(schema: JSONSchema7): JSONSchema7 {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }], description: schema.description };
}

function fieldTypeSchema(type: FieldType, blockSchemas: Map<BlockSpec, JSONSchema7>): JSONSchema7 {
  switch (type.kind) {
    case 'string': {
      const s: JSONSchema7 = { type: 'string', maxLength: type.maxLength ?? SCHEMA_LIMITS.maxStringLength };
      // Nomad prints unset enum fields as "" (e.g. `nomad job inspect`): accept it as "unset".
      if (type.enum !== undefined) s.enum = type.enum.includes('') ? [...type.enum] : ['', ...type.enum];
      return s;
    }
    case 'integer': {
      const s: JSONSchema7 = { type: 'integer' };
      if (type.minimum !== undefined) s.minimum = type.minimum;
      if (type.maximum !== undefined) s.maximum = type.maximum;
      return s;
    }
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'duration':
      return { type: 'integer', description: 'Nanoseconds.' };
    case 'stringList':
      return { type: 'array', maxItems: SCHEMA_LIMITS.maxListItems, items: { type: 'string', maxLength: SCHEMA_LIMITS.maxStringLength } };
    case 'stringMap':
      return { type: 'object', additionalProperties: { type: 'string', maxLength: SCHEMA_LIMITS.maxStringLength } };
    case 'stringListMap':
      return { type: 'object', additionalProperties: { type: 'array', maxItems: SCHEMA_LIMITS.maxListItems, items: { type: 'string' } } };
    case 'freeform':
      return { type: 'object' };
    case 'block': {
      const objectSchema = blockSchema(type.block, blockSchemas);
      if (type.repeat === 'single') return objectSchema;
      if (type.repeat === 'list') return { type: 'array', maxItems: SCHEMA_LIMITS.maxListItems, items: objectSchema };
      return { type: 'object', additionalProperties: objectSchema };
    }
    default:
      return assertNever(type, 'field type');
  }
}

/** blockSchema is the closed object schema of one block (memoised: blocks are shared). */
export function blockSchema(spec: BlockSpec, blockSchemas: Map<BlockSpec, JSONSchema7> = new Map()): JSONSchema7 {
  const cached = blockSchemas.get(spec);
  if (cached !== undefined) return cached;
  const properties: Record<string, JSONSchema7> = {};
  const schema: JSONSchema7 = { type: 'object', description: spec.doc, additionalProperties: false, properties };
  blockSchemas.set(spec, schema);
  const required = new Set(spec.requiredJson ?? []);
  for (const f of spec.fields) {
    if (f.json === undefined || f.json in properties) continue;
    const typed = withDoc(fieldTypeSchema(f.type, blockSchemas), f);
    properties[f.json] = required.has(f.json) ? typed : nullable(typed);
  }
  if (required.size > 0) schema.required = [...required];
  return schema;
}

/** jobSchema is the schema of a bare job object. */
export const jobSchema: JSONSchema7 = blockSchema(jobBlock);

/** jobRequestSchema is the schema of `{"Job": {...}}` (other register-request fields allowed). */
export const jobRequestSchema: JSONSchema7 = {
  $id: 'DroverJobRequest',
  type: 'object',
  additionalProperties: false,
  required: ['Job'],
  properties: {
    Job: jobSchema,
    EnforceIndex: { type: 'boolean' },
    JobModifyIndex: { type: 'integer', minimum: 0 },
    PolicyOverride: { type: 'boolean' },
    PreserveCounts: { type: 'boolean' },
    EvalPriority: { type: 'integer', minimum: 0, maximum: 100 },
    Submission: { type: ['object', 'null'] },
    Diff: { type: 'boolean' },
    Region: { type: 'string' },
    Namespace: { type: 'string' },
    SecretID: { type: 'string' },
  },
};
