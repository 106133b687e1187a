/**
 * Variable files (`-var-file`): HCL files of `name = value` attributes, or JSON files of one
 * object (`{"name": value}`, chosen by a `.json` file name, as Nomad does). Both become a list
 * of named values with positions.
 */
import type { Expression } from './ast.js';
import type { HclValue, SourcePos } from './body.js';
import { syntaxError, variableError } from './errors.js';
import type { HclLimits } from './limits.js';
import { jsonBracketDepth } from './limits.js';
import { parseHcl } from './parser.js';
import { isObject, objectFromEntries, valueDepth } from './values.js';

/** VarFileValue is one `name = value` from a variable file. */
export type VarFileValue =
  | { kind: 'expression'; name: string; pos: SourcePos; expr: Expression }
  | { kind: 'json'; name: string; pos: SourcePos; value: HclValue };

function fromJson(raw: unknown): HclValue {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map(fromJson);
  return objectFromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]));
}

function positionOf(source: string, offset: number, file: string): SourcePos {
  const before = source.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { file, line, column };
}


function readJsonVarFile(filename: string, source: string, limits: HclLimits): VarFileValue[] {
  const start: SourcePos = { file: filename, line: 1, column: 1 };
  if (Buffer.byteLength(source, 'utf8') > limits.maxSourceBytes) throw syntaxError(start, `source is larger than the limit of ${limits.maxSourceBytes} bytes`);
  if (jsonBracketDepth(source) > limits.maxNestingDepth) throw syntaxError(start, `nesting deeper than the limit of ${limits.maxNestingDepth}`);
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    throw syntaxError(offset === undefined ? start : positionOf(source, Number(offset), filename), `invalid JSON variable file: ${message}`);
  }
  const value = fromJson(raw);
  if (!isObject(value)) throw variableError(start, 'a JSON variable file must hold one object of variable values');
  if (valueDepth(value) > limits.maxNestingDepth) throw syntaxError(start, `nesting deeper than the limit of ${limits.maxNestingDepth}`);
  return Object.keys(value).map((name) => ({
    kind: 'json',
    name,
    pos: positionOf(source, source.indexOf(JSON.stringify(name)), filename),
    value: value[name] ?? null,
  }));
}

/** readVarFile parses one variable file into named values. */
export function readVarFile(filename: string, source: string, limits: HclLimits): VarFileValue[] {
  if (filename.toLowerCase().endsWith('.json')) return readJsonVarFile(filename, source, limits);
  const file = parseHcl(source, filename, limits);
  return file.body.items.map((item): VarFileValue => {
    if (item.kind === 'block') throw variableError(item.range.start, `a variable file holds only name = value attributes, found block "${item.type}"`);
    return { kind: 'expression', name: item.name, pos: item.range.start, expr: item.expr };
  });
}
