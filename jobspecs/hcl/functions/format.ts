/**
 * Go-style `fmt` formatting for format() and formatlist(): verbs %v %#v %t %b %d %o %x %X
 * %e %E %f %g %G %s %q %%, flags `+ - # 0 space`, width, precision and explicit `%[n]`
 * argument indexes.
 */
import type { HclValue } from '../body.js';
import { FunctionArgumentError } from '../errors.js';
import { ConversionError, convertValue } from '../types.js';
import { formatNumber, primitiveToString, typeName } from '../values.js';

const MAX_WIDTH = 10_000;
const SPEC = /%([-+# 0]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d+))?(.)?/y;

interface Directive {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  verb: string;
}

function toNumber(value: HclValue, verb: string): number {
  try {
    return convertValue(value, { kind: 'number' }) as number;
  } catch (error) {
    if (error instanceof ConversionError) throw new FunctionArgumentError(`%${verb} requires a number, got ${typeName(value)}`);
    throw error;
  }
}

function signed(text: string, value: number, flags: string): string {
  if (value < 0 || Object.is(value, -0)) return text;
  if (flags.includes('+')) return `+${text}`;
  if (flags.includes(' ')) return ` ${text}`;
  return text;
}

function integerIn(value: number, radix: number, directive: Directive): string {
  if (!Number.isInteger(value)) throw new FunctionArgumentError(`%${directive.verb} requires a whole number, got ${formatNumber(value)}`);
  let text = Math.abs(value).toString(radix);
  if (directive.verb === 'X') text = text.toUpperCase();
  if (directive.flags.includes('#')) text = (radix === 16 ? (directive.verb === 'X' ? '0X' : '0x') : radix === 8 ? '0' : radix === 2 ? '0b' : '') + text;
  return signed(value < 0 ? `-${text}` : text, value, directive.flags);
}

function formatOne(directive: Directive, value: HclValue): string {
  const { verb, precision } = directive;
  switch (verb) {
    case 'v':
      if (directive.flags.includes('#')) return JSON.stringify(value);
      return primitiveToString(value) ?? JSON.stringify(value);
    case 't':
      if (typeof value !== 'boolean') throw new FunctionArgumentError(`%t requires a bool, got ${typeName(value)}`);
      return value ? 'true' : 'false';
    case 's': {
      const text = primitiveToString(value);
      if (text === undefined) throw new FunctionArgumentError(`%s requires a string, got ${typeName(value)}`);
      return precision === undefined ? text : [...text].slice(0, precision).join('');
    }
    case 'q': {
      const text = primitiveToString(value);
      if (text === undefined) throw new FunctionArgumentError(`%q requires a string, got ${typeName(value)}`);
      return JSON.stringify(text);
    }
    case 'd': return integerIn(toNumber(value, verb), 10, directive);
    case 'b': return integerIn(toNumber(value, verb), 2, directive);
    case 'o': return integerIn(toNumber(value, verb), 8, directive);
    case 'x':
    case 'X':
      if (typeof value === 'string' && /[^0-9.eE+-]/.test(value)) {
        const hex = Buffer.from(value, 'utf8').toString('hex');
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
      return integerIn(toNumber(value, verb), 16, directive);
    case 'e':
    case 'E': {
      const n = toNumber(value, verb);
      const text = n.toExponential(Math.min(precision ?? 6, 100)).replace(/e([+-])(\d)$/, 'e$10$2');
      return signed(verb === 'E' ? text.toUpperCase() : text, n, directive.flags);
    }
    case 'f': {
      const n = toNumber(value, verb);
      return signed(n.toFixed(Math.min(precision ?? 6, 100)), n, directive.flags);
    }
    case 'g':
    case 'G': {
      const n = toNumber(value, verb);
      const text = precision === undefined ? formatNumber(n) : String(Number(n.toPrecision(Math.max(1, Math.min(precision, 100)))));
      return signed(verb === 'G' ? text.toUpperCase() : text, n, directive.flags);
    }
    default:
      throw new FunctionArgumentError(`unsupported format verb %${verb}`);
  }
}

function pad(text: string, directive: Directive): string {
  const width = directive.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = width - length;
  if (directive.flags.includes('-')) return text + ' '.repeat(fill);
  const numeric = 'dboxXeEfgG'.includes(directive.verb);
  if (directive.flags.includes('0') && numeric) {
    const sign = /^[+\- ]/.test(text) ? text.slice(0, 1) : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

/** formatGo formats `args` according to the Go-style `spec`. */
export function formatGo(spec: string, args: HclValue[]): string {
  const out: string[] = [];
  let next = 0;
  let i = 0;
  while (i < spec.length) {
    const percent = spec.indexOf('%', i);
    if (percent < 0) {
      out.push(spec.slice(i));
      break;
    }
    out.push(spec.slice(i, percent));
    if (spec[percent + 1] === '%') {
      out.push('%');
      i = percent + 2;
      continue;
    }
    SPEC.lastIndex = percent;
    const match = SPEC.exec(spec);
    const verb = match?.[5];
    if (match === null || verb === undefined) throw new FunctionArgumentError(`incomplete format verb at offset ${percent}`);
    const directive: Directive = {
      flags: match[1] ?? '',
      width: match[3] === undefined ? undefined : Number(match[3]),
      precision: match[4] === undefined ? undefined : Number(match[4]),
      verb,
    };
    if ((directive.width ?? 0) > MAX_WIDTH || (directive.precision ?? 0) > MAX_WIDTH) throw new FunctionArgumentError(`format width or precision larger than ${MAX_WIDTH}`);
    if (match[2] !== undefined) next = Number(match[2]) - 1;
    if (next < 0 || next >= args.length) throw new FunctionArgumentError(`not enough arguments for format verb %${verb} at offset ${percent}`);
    const value = args[next] ?? null;
    next++;
    if (value === null && verb !== 'v') throw new FunctionArgumentError(`unsupported value for %${verb} at offset ${percent}: null value cannot be formatted`);
    out.push(pad(value === null ? 'null' : formatOne(directive, value), directive));
    i = SPEC.lastIndex;
  }
  if (next < args.length && !/%\[\d+\]/.test(spec)) throw new FunctionArgumentError(`too many arguments; no verbs for argument ${next + 1}`);
  return out.join('');
}
