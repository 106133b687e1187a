/**
 * Generic structural diff of two JSON values, in Nomad's Field/Object shape: primitives become
 * FieldDiffs, nested objects ObjectDiffs, lists of objects are matched by identity (Name, Label,
 * LTarget+RTarget...) or position, lists of strings are diffed as sets, free-form maps (Config,
 * Meta, Env) are flattened (`port_map[0][db]`).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../schema/spec.js';
import { jsonEqual } from './json-equal.js';
import type { DiffType, FieldDiff, ObjectDiff } from './types.js';

/** FLATTENED_MAPS are diffed as flat key/value fields, as Nomad does with flatmap. */
const FLATTENED_MAPS = new Set(['Config', 'Meta', 'Env', 'Policy', 'GetterOptions', 'GetterHeaders', 'TaggedAddresses', 'CanaryMeta', 'Header', 'Args']);

type Value = JsonValue | undefined;

/** render prints a primitive the way Nomad's diff does ("" when absent). */
export function render(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function typeOf(old: Value, next: Value): DiffType {
  if (old === undefined) return 'Added';
  if (next === undefined) return 'Deleted';
  return 'Edited';
}

/** fieldDiff compares two primitives; undefined when equal. */
export function fieldDiff(name: string, old: Value, next: Value): FieldDiff | undefined {
  const a = render(old);
  const b = render(next);
  if (a === b) return undefined;
  const type: DiffType = old === undefined || old === null ? 'Added' : next === undefined || next === null ? 'Deleted' : 'Edited';
  return { Type: type, Name: name, Old: a, New: b, Annotations: null };
}

/** flatten turns a nested map into `key`, `key[0]`, `key[0][sub]` paths. */
export function flatten(v: Value, prefix: string, out: Map<string, string>): void {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  else if (isJsonObject(v)) for (const [k, x] of Object.entries(v)) flatten(x, prefix === '' ? k : `${prefix}[${k}]`, out);
  else if (v !== undefined && v !== null) out.set(prefix, render(v));
}

function flatDiff(name: string, old: Value, next: Value): ObjectDiff | undefined {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(old, '', a);
  flatten(next, '', b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const fields = keys.map((k) => fieldDiff(k, a.get(k), b.get(k))).filter((f): f is FieldDiff => f !== undefined);
  if (fields.length === 0) return undefined;
  return { Type: typeOf(old, next), Name: name, Fields: fields, Objects: null };
}

function setDiff(name: string, old: Value, next: Value): ObjectDiff | undefined {
  const a = new Set((Array.isArray(old) ? old : []).map(render));
  const b = new Set((Array.isArray(next) ? next : []).map(render));
  const fields: FieldDiff[] = [];
  for (const x of a) if (!b.has(x)) fields.push({ Type: 'Deleted', Name: name, Old: x, New: '', Annotations: null });
  for (const x of b) if (!a.has(x)) fields.push({ Type: 'Added', Name: name, Old: '', New: x, Annotations: null });
  if (fields.length === 0) return undefined;
  return { Type: typeOf(old, next), Name: name, Fields: fields, Objects: null };
}

/** identityOf picks the key that matches list elements across versions. */
function identityOf(o: JsonObject, index: number): string {
  for (const key of ['Name', 'Label', 'DestPath', 'GetterSource', 'Destination']) {
    const v = o[key];
    if (typeof v === 'string' && v !== '') return `${key}=${v}`;
  }
  if (typeof o.LTarget === 'string' || typeof o.Attribute === 'string') return JSON.stringify(o);
  return `#${index}`;
}

/** singular turns a list field name into the element name Nomad shows (`Constraints` -> `Constraint`). */
export function singular(name: string): string {
  if (name === 'Affinities') return 'Affinity';
  if (name === 'Identities') return 'Identity';
  if (name.endsWith('Ports') || name.endsWith('s')) return name.slice(0, -1);
  return name;
}

function objectListDiff(name: string, old: Value, next: Value): ObjectDiff[] {
  const olds = (Array.isArray(old) ? old : []).filter(isJsonObject);
  const news = (Array.isArray(next) ? next : []).filter(isJsonObject);
  const oldById = new Map(olds.map((o, i) => [identityOf(o, i), o]));
  const newById = new Map(news.map((o, i) => [identityOf(o, i), o]));
  const out: ObjectDiff[] = [];
  const element = singular(name);
  for (const [id, o] of oldById) {
    const diff = objectDiff(element, o, newById.get(id));
    if (diff !== undefined) out.push(diff);
  }
  for (const [id, o] of newById) {
    if (oldById.has(id)) continue;
    const diff = objectDiff(element, undefined, o);
    if (diff !== undefined) out.push(diff);
  }
  return out;
}

function isObjectList(v: Value): boolean {
  return Array.isArray(v) && v.some(isJsonObject);
}

/** diffMembers diffs the fields of two objects into Fields and Objects, skipping `ignore`. */
export function diffMembers(old: JsonObject | undefined, next: JsonObject | undefined, ignore: ReadonlySet<string> = new Set()): { fields: FieldDiff[]; objects: ObjectDiff[] } {
  const fields: FieldDiff[] = [];
  const objects: ObjectDiff[] = [];
  const keys = [...new Set([...Object.keys(old ?? {}), ...Object.keys(next ?? {})])].sort();
  for (const key of keys) {
    if (ignore.has(key)) continue;
    const a = old?.[key] ?? undefined;
    const b = next?.[key] ?? undefined;
    if (jsonEqual(a, b)) continue;
    if (FLATTENED_MAPS.has(key) && (isJsonObject(a) || isJsonObject(b) || Array.isArray(a) || Array.isArray(b))) {
      const d = Array.isArray(a) || Array.isArray(b) ? setDiff(key, a, b) : flatDiff(key, a, b);
      if (d !== undefined) objects.push(d);
    } else if (isObjectList(a) || isObjectList(b)) {
      objects.push(...objectListDiff(key, a, b));
    } else if (Array.isArray(a) || Array.isArray(b)) {
      const d = setDiff(key, a, b);
      if (d !== undefined) objects.push(d);
    } else if (isJsonObject(a) || isJsonObject(b)) {
      const d = key === 'Volumes' ? flatDiff(key, a, b) : objectDiff(key, isJsonObject(a) ? a : undefined, isJsonObject(b) ? b : undefined);
      if (d !== undefined) objects.push(d);
    } else {
      const d = fieldDiff(key, a, b);
      if (d !== undefined) fields.push(d);
    }
  }
  return { fields, objects };
}

/** objectDiff diffs two nested objects; undefined when they are equal. */
export function objectDiff(name: string, old: JsonObject | undefined, next: JsonObject | undefined): ObjectDiff | undefined {
  const { fields, objects } = diffMembers(old, next);
  if (fields.length === 0 && objects.length === 0) return undefined;
  return { Type: typeOf(old, next), Name: name, Fields: fields.length > 0 ? fields : null, Objects: objects.length > 0 ? objects : null };
}
