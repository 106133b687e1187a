/**
 * The table-driven decoder: one evaluated HCL block body + its BlockSpec -> a JSON object with
 * Nomad's PascalCase names. Every problem is recorded with its `file:line:col`; decoding goes on
 * so that one run reports as many problems as possible.
 */
import type { HclAttribute, HclBlock, HclBody, SourcePos } from '../hcl/body.js';
import { assertNever } from '../../api/errors.js';
import type { BlockSpec, FieldSpec, JsonObject, JsonValue } from '../schema/spec.js';
import { didYouMean } from '../schema/suggest.js';
import { decodeFreeformBody } from './freeform.js';
import { convertValue } from './values.js';

/** DecodeProblem is one located decode error. */
export interface DecodeProblem {
  pos: SourcePos;
  message: string;
}

/** DecodeContext collects problems while a jobspec is decoded. */
export interface DecodeContext {
  problems: DecodeProblem[];
  /** When set, receives the source position of every decoded JSON path (`Job.TaskGroups[0]`). */
  positions?: Map<string, SourcePos>;
}

/** childPath appends a key or a map label to a JSON path, as jsonPathOf renders it. */
function childPath(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** fieldsByHclName indexes a block's HCL-visible fields. */
function fieldsByHclName(spec: BlockSpec): Map<string, FieldSpec> {
  const map = new Map<string, FieldSpec>();
  for (const f of spec.fields) if (f.hcl !== undefined) map.set(f.hcl, f);
  return map;
}

/** keyOf is where a field's value is stored while decoding (JSON name, or HCL name for HCL-only). */
function keyOf(f: FieldSpec): string {
  return f.json ?? f.hcl ?? '';
}

function decodeAttribute(attr: HclAttribute, f: FieldSpec, out: JsonObject, ctx: DecodeContext, where: string, path: string): void {
  const key = keyOf(f);
  ctx.positions?.set(childPath(path, key), attr.pos);
  if (key in out) {
    ctx.problems.push({ pos: attr.pos, message: `attribute "${attr.name}" is set twice in ${where}` });
    return;
  }
  if (attr.value === null) return; // null means "unset" in HCL2
  const converted = convertValue(attr.value, f.type);
  if (!converted.ok) {
    ctx.problems.push({ pos: attr.pos, message: `attribute "${attr.name}" in ${where}: ${converted.reason}` });
    return;
  }
  out[key] = converted.value;
}

function decodeNestedBlock(block: HclBlock, f: FieldSpec, out: JsonObject, ctx: DecodeContext, where: string, path: string): void {
  const key = keyOf(f);
  const type = f.type;
  const fieldPath = childPath(path, key);
  switch (type.kind) {
    case 'stringMap':
    case 'stringListMap':
    case 'freeform': {
      if (block.labels.length > 0) ctx.problems.push({ pos: block.pos, message: `block "${block.type}" takes no labels` });
      if (key in out) {
        ctx.problems.push({ pos: block.pos, message: `only one "${block.type}" block is allowed in ${where}` });
        return;
      }
      ctx.positions?.set(fieldPath, block.pos);
      const map = decodeFreeformBody(block.body);
      const converted = type.kind === 'freeform' ? { ok: true as const, value: map } : convertValue(map, type);
      if (!converted.ok) ctx.problems.push({ pos: block.pos, message: `block "${block.type}" in ${where}: ${converted.reason}` });
      else out[key] = converted.value;
      return;
    }
    case 'block': {
      const existing = out[key];
      const elementPath = type.repeat === 'single' ? fieldPath
        : type.repeat === 'list' ? `${fieldPath}[${Array.isArray(existing) ? existing.length : 0}]`
          : childPath(fieldPath, block.labels[0] ?? '');
      const decoded = decodeBlock(block, type.block, ctx, elementPath);
      if (decoded === undefined) return;
      if (type.repeat === 'single') {
        if (key in out) ctx.problems.push({ pos: block.pos, message: `only one "${block.type}" block is allowed in ${where}` });
        else out[key] = decoded;
      } else if (type.repeat === 'list') {
        const list = out[key];
        if (Array.isArray(list)) list.push(decoded);
        else out[key] = [decoded];
      } else {
        const label = block.labels[0] ?? '';
        const map = (out[key] ?? {}) as JsonObject;
        if (label in map) ctx.problems.push({ pos: block.pos, message: `duplicate ${block.type} "${label}" in ${where}` });
        map[label] = decoded;
        out[key] = map;
      }
      return;
    }
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'duration':
    case 'stringList':
      ctx.problems.push({ pos: block.pos, message: `"${block.type}" is an attribute; write ${block.type} = ... instead of a block` });
      return;
    default:
      assertNever(type, 'field type');
  }
}

/** checkLabels enforces the label rule of a block; returns false when the labels are wrong. */
function checkLabels(block: HclBlock, spec: BlockSpec, ctx: DecodeContext): boolean {
  const label = spec.label;
  if (label === undefined) {
    if (block.labels.length === 0) return true;
    ctx.problems.push({ pos: block.pos, message: `block "${block.type}" takes no labels, got ${block.labels.map((l) => `"${l}"`).join(' ')}` });
    return false;
  }
  if (block.labels.length === 1 && block.labels[0] !== '') return true;
  if (block.labels.length === 0 && label.optional === true) return true;
  const message = block.labels.length === 0 || block.labels[0] === ''
    ? `block "${block.type}" requires a ${label.what} label, e.g. ${block.type} "name" { ... }`
    : `block "${block.type}" takes exactly one label (${label.what}), got ${block.labels.length}`;
  ctx.problems.push({ pos: block.pos, message });
  return false;
}

/** orderLike returns `obj` with keys in the spec's field order (stable, readable output). */
function orderLike(obj: JsonObject, spec: BlockSpec): JsonObject {
  const ordered: JsonObject = {};
  for (const f of spec.fields) {
    const key = keyOf(f);
    const value: JsonValue | undefined = obj[key];
    if (value !== undefined) ordered[key] = value;
  }
  for (const [key, value] of Object.entries(obj)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** decodeBody decodes the attributes and blocks of `body` per `spec`. */
export function decodeBody(body: HclBody, spec: BlockSpec, ctx: DecodeContext, where: string, path: string): JsonObject {
  const fields = fieldsByHclName(spec);
  const out: JsonObject = {};
  for (const attr of body.attributes) {
    const f = fields.get(attr.name);
    if (f === undefined) {
      ctx.problems.push({ pos: attr.pos, message: `unknown attribute "${attr.name}" in ${where}${didYouMean(attr.name, fields.keys())}` });
      continue;
    }
    decodeAttribute(attr, f, out, ctx, where, path);
  }
  for (const block of body.blocks) {
    const f = fields.get(block.type);
    if (f === undefined) {
      ctx.problems.push({ pos: block.pos, message: `unknown block "${block.type}" in ${where}${didYouMean(block.type, fields.keys())}` });
      continue;
    }
    decodeNestedBlock(block, f, out, ctx, where, path);
  }
  return out;
}

/** decodeBlock decodes one block (labels, body, finish hook) found at JSON `path`; undefined when its labels are wrong. */
export function decodeBlock(block: HclBlock, spec: BlockSpec, ctx: DecodeContext, path: string): JsonObject | undefined {
  if (!checkLabels(block, spec, ctx)) return undefined;
  ctx.positions?.set(path, block.pos);
  const where = block.labels.length > 0 ? `${block.type} "${block.labels[0] ?? ''}"` : `${block.type} block`;
  const out = decodeBody(block.body, spec, ctx, where, path);
  if (spec.label !== undefined && block.labels[0] !== undefined) out[spec.label.json] = block.labels[0];
  spec.finish?.(out, { fail: (message) => ctx.problems.push({ pos: block.pos, message: `${where}: ${message}` }) });
  return orderLike(out, spec);
}
