/**
 * The jobspec block table: ONE declarative description of every jobspec block, read by three
 * consumers so they cannot drift apart:
 *   - jobspecs/decode/ turns an evaluated HCL body into submitted JSON (HCL names -> JSON names),
 *   - jobspecs/schema/json-schema.ts builds the JSON Schema of the `{"Job": {...}}` format,
 *   - jobspecs/schema/explain.ts answers `drover job explain job.group.task.resources.memory`.
 * See contributing/decisions/0007-jobspec-block-table.md for why this is a table and not a
 * hand-written `as const` schema per block.
 */
import type { HclValue } from '../hcl/body.js';

/** JsonValue is any JSON value of a submitted job. */
export type JsonValue = HclValue;
/** JsonObject is a JSON object of a submitted job. */
export type JsonObject = { [key: string]: JsonValue };

/** FieldType says what a field holds and how HCL spells it. */
export type FieldType =
  | { kind: 'string'; enum?: readonly string[]; maxLength?: number }
  | { kind: 'integer'; minimum?: number; maximum?: number }
  | { kind: 'number' }
  | { kind: 'boolean' }
  /** HCL: Go duration string ("30s", "1h30m") or integer ns; JSON: integer nanoseconds. */
  | { kind: 'duration' }
  | { kind: 'stringList' }
  /** A map of strings (meta, env). HCL: `meta = {...}` attribute or `meta { k = "v" }` block. */
  | { kind: 'stringMap' }
  /** A map of string lists (check `header`). */
  | { kind: 'stringListMap' }
  /** Free-form map (driver `config`, scaling `policy`): nested HCL blocks become lists of maps. */
  | { kind: 'freeform' }
  /** A nested block: `single` (at most one), `list` (repeatable), `map` (repeatable, keyed by label). */
  | { kind: 'block'; block: BlockSpec; repeat: 'single' | 'list' | 'map' };

/** FieldSpec is one attribute or nested block of a block. */
export interface FieldSpec {
  /** HCL name; absent for JSON-only fields (server-set fields, shapes HCL spells differently). */
  hcl?: string;
  /** JSON (PascalCase) name; absent for HCL-only spellings a block's `finish` hook rewrites. */
  json?: string;
  /** One or two sentences for `drover job explain` and the schema `description`. */
  doc: string;
  type: FieldType;
  /** Nomad's default as users should read it (documentation only; canonicalize applies it). */
  default?: string;
}

/** LabelSpec names the JSON field a block label is stored in (`group "web"` -> Name). */
export interface LabelSpec {
  json: string;
  /** Human name used in errors: `block "group" requires a name label`. */
  what: string;
  /** The label may be omitted (task `identity`). */
  optional?: boolean;
}

/** DecodeProblem is a semantic decode error the `finish` hook reports. */
export interface FinishContext {
  fail(message: string): void;
}

/** BlockSpec describes one jobspec block. */
export interface BlockSpec {
  /** HCL block type (`group`, `resources`, ...). */
  name: string;
  doc: string;
  label?: LabelSpec;
  fields: readonly FieldSpec[];
  /** JSON fields that must be present in the `{"Job": ...}` format. */
  requiredJson?: readonly string[];
  /** Rewrites HCL-only fields (stored under their HCL name) into the JSON shape. */
  finish?: (decoded: JsonObject, ctx: FinishContext) => void;
}

/** TypedField is what `field()` returns: a FieldSpec that keeps its literal names and type,
 * so that submitted-job types can be derived from the table (see types.ts). */
export interface TypedField<H extends string | undefined, J extends string | undefined, T extends FieldType> extends FieldSpec {
  hcl?: H;
  json?: J;
  type: T;
}

/** field is a small constructor that keeps the block tables readable. */
export function field<const H extends string | undefined, const J extends string | undefined, const T extends FieldType>(
  hcl: H, json: J, type: T, doc: string, defaultValue?: string,
): TypedField<H, J, T> {
  const spec: TypedField<H, J, T> = { doc, type };
  if (hcl !== undefined) spec.hcl = hcl;
  if (json !== undefined) spec.json = json;
  if (defaultValue !== undefined) spec.default = defaultValue;
  return spec;
}

type StringType<E extends readonly string[] | undefined> = { kind: 'string'; enum?: E; maxLength?: number };
type IntegerType = { kind: 'integer'; minimum?: number; maximum?: number };
type BlockType<B extends BlockSpec, R extends 'single' | 'list' | 'map'> = { kind: 'block'; block: B; repeat: R };

/** Shorthands for the field types used in the tables. */
export function str(): StringType<undefined>;
export function str<const E extends readonly string[]>(enumValues: E): StringType<E>;
export function str<const E extends readonly string[]>(enumValues?: E): StringType<E | undefined> {
  return enumValues ? { kind: 'string', enum: enumValues } : { kind: 'string' };
}
export const int = (minimum?: number, maximum?: number): IntegerType => {
  const t: IntegerType = { kind: 'integer' };
  if (minimum !== undefined) t.minimum = minimum;
  if (maximum !== undefined) t.maximum = maximum;
  return t;
};
export const num = { kind: 'number' } as const;
export const bool = { kind: 'boolean' } as const;
export const dur = { kind: 'duration' } as const;
export const strList = { kind: 'stringList' } as const;
export const strMap = { kind: 'stringMap' } as const;
export const strListMap = { kind: 'stringListMap' } as const;
export const freeform = { kind: 'freeform' } as const;
export const one = <const B extends BlockSpec>(block: B): BlockType<B, 'single'> => ({ kind: 'block', block, repeat: 'single' });
export const many = <const B extends BlockSpec>(block: B): BlockType<B, 'list'> => ({ kind: 'block', block, repeat: 'list' });
export const keyed = <const B extends BlockSpec>(block: B): BlockType<B, 'map'> => ({ kind: 'block', block, repeat: 'map' });

/** isJsonObject narrows a JSON value to an object. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
