/**
 * Encoding functions: base64decode, base64encode, csvdecode, jsondecode, jsonencode,
 * urlencode, yamlencode (block style, strings always quoted).
 */
import type { HclValue } from '../body.js';
import { FunctionArgumentError } from '../errors.js';
import { jsonBracketDepth } from '../limits.js';
import { formatNumber, isObject, objectFromEntries, setKey, sortedKeys, valueDepth } from '../values.js';
import type { FunctionContext, FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

const MAX_DEPTH = 64;

function toJsonValue(raw: unknown): HclValue {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map(toJsonValue);
  const out = objectFromEntries([]);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) setKey(out, key, toJsonValue(value));
  return out;
}

function jsonDecode(text: string): HclValue {
  if (jsonBracketDepth(text) > MAX_DEPTH) throw new FunctionArgumentError(`JSON nested deeper than ${MAX_DEPTH} levels`, 0);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FunctionArgumentError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`, 0);
  }
  return toJsonValue(raw);
}


function csvDecode(text: string): HclValue[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new FunctionArgumentError('unterminated quoted field in CSV', 0);
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...records] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (header === undefined) throw new FunctionArgumentError('CSV has no header row', 0);
  return records.map((record, n) => {
    if (record.length !== header.length) throw new FunctionArgumentError(`CSV row ${n + 2} has ${record.length} fields, the header has ${header.length}`, 0);
    return objectFromEntries(header.map((name, i) => [name, record[i] ?? '']));
  });
}

function yamlScalar(value: HclValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? '[]' : '{}';
}

function yamlLines(value: HclValue, indent: string, out: string[]): void {
  if (Array.isArray(value) && value.length > 0) {
    for (const item of value) {
      if ((Array.isArray(item) && item.length > 0) || (isObject(item) && Object.keys(item).length > 0)) {
        const nested: string[] = [];
        yamlLines(item, `${indent}  `, nested);
        out.push(`${indent}- ${(nested[0] ?? '').trimStart()}`, ...nested.slice(1));
      } else out.push(`${indent}- ${yamlScalar(item)}`);
    }
    return;
  }
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const key of sortedKeys(value)) {
      const item = value[key] ?? null;
      const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
      if ((Array.isArray(item) && item.length > 0) || (isObject(item) && Object.keys(item).length > 0)) {
        out.push(`${indent}${name}:`);
        yamlLines(item, `${indent}  `, out);
      } else out.push(`${indent}${name}: ${yamlScalar(item)}`);
    }
    return;
  }
  out.push(`${indent}${yamlScalar(value)}`);
}

function jsonEncode(value: HclValue, ctx: FunctionContext): string {
  if (valueDepth(value) > MAX_DEPTH) throw new FunctionArgumentError(`value nested deeper than ${MAX_DEPTH} levels`, 0);
  const text = JSON.stringify(value);
  if (text.length > ctx.limits.maxStringLength) throw new FunctionArgumentError('encoded JSON is too long', 0);
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function uriEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new FunctionArgumentError('the string is not valid Unicode (lone surrogate)', 0);
  }
}

/** encodingFunctions are the encode/decode functions. */
export const encodingFunctions: FunctionEntries = {
  base64encode: fn([param('str', T.string)], ([s]) => Buffer.from(s as string, 'utf8').toString('base64')),
  base64decode: fn([param('str', T.string)], ([s]) => {
    const text = (s as string).trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new FunctionArgumentError('failed to decode base64 data', 0);
    const decoded = Buffer.from(text, 'base64');
    const utf8 = decoded.toString('utf8');
    if (!Buffer.from(utf8, 'utf8').equals(decoded)) throw new FunctionArgumentError('the decoded data is not valid UTF-8', 0);
    return utf8;
  }),
  csvdecode: fn([param('str', T.string)], ([s]) => csvDecode(s as string)),
  jsondecode: fn([param('str', T.string)], ([s]) => jsonDecode(s as string)),
  jsonencode: fn([param('val', T.any, true)], ([v], ctx) => jsonEncode(v ?? null, ctx)),
  urlencode: fn([param('str', T.string)], ([s]) => uriEncode(s as string).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/~/g, '%7E')),
  yamlencode: fn([param('value', T.any, true)], ([v]) => {
    if (valueDepth(v ?? null) > MAX_DEPTH) throw new FunctionArgumentError(`value nested deeper than ${MAX_DEPTH} levels`, 0);
    const out: string[] = [];
    yamlLines(v ?? null, '', out);
    return `${out.join('\n')}\n`;
  }),
};
