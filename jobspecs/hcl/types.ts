/**
 * Type constraints (`string`, `list(number)`, `object({a = string})`, `optional(T, d)`, ...)
 * read from variable `type` expressions, and HCL's value conversion rules (string <-> number
 * <-> bool, tuple -> list/set, object -> map, attribute selection for objects).
 */
import type { Expression } from './ast.js';
import type { HclValue } from './body.js';
import { evalError } from './errors.js';
import { didYouMean } from './suggest.js';
import { getKey, isObject, newObject, primitiveToString, setKey, sortedKeys, toSet, typeName } from './values.js';

/** ObjectAttributeType is one attribute of an object type. */
export interface ObjectAttributeType {
  type: TypeConstraint;
  optional: boolean;
  defaultValue: HclValue | undefined;
}

/** TypeConstraint is a parsed HCL type expression. */
export type TypeConstraint =
  | { kind: 'any' }
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'list'; element: TypeConstraint }
  | { kind: 'set'; element: TypeConstraint }
  | { kind: 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Record<string, ObjectAttributeType> };

/** ANY is the `any` type. */
export const ANY: TypeConstraint = { kind: 'any' };

const PRIMITIVES = ['any', 'string', 'number', 'bool'] as const;
const COLLECTIONS = ['list', 'set', 'map'] as const;
const TYPE_NAMES = [...PRIMITIVES, ...COLLECTIONS, 'tuple', 'object'];

/**
 * parseTypeConstraint reads a type expression. `evaluateDefault` evaluates the default of
 * `optional(T, default)` attributes.
 */
export function parseTypeConstraint(expr: Expression, evaluateDefault: (e: Expression) => HclValue): TypeConstraint {
  if (expr.kind === 'variable') {
    const name = expr.name;
    if ((PRIMITIVES as readonly string[]).includes(name)) return { kind: name as (typeof PRIMITIVES)[number] };
    if ((COLLECTIONS as readonly string[]).includes(name)) return { kind: name as (typeof COLLECTIONS)[number], element: ANY };
    throw evalError(expr.range.start, `unknown type "${name}".${didYouMean(name, TYPE_NAMES)}`);
  }
  if (expr.kind === 'parens') return parseTypeConstraint(expr.expr, evaluateDefault);
  if (expr.kind !== 'call') throw evalError(expr.range.start, `invalid type expression "${expr.src}": expected a type such as string, list(string) or object({...})`);
  const only = (): Expression => {
    const arg = expr.args[0];
    if (arg === undefined || expr.args.length !== 1) throw evalError(expr.range.start, `type ${expr.name}(...) takes exactly one argument`);
    return arg;
  };
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: parseTypeConstraint(only(), evaluateDefault) };
    case 'tuple': {
      const arg = only();
      if (arg.kind !== 'tuple') throw evalError(arg.range.start, 'tuple(...) takes a list of element types, e.g. tuple([string, number])');
      return { kind: 'tuple', elements: arg.items.map((item) => parseTypeConstraint(item, evaluateDefault)) };
    }
    case 'object': {
      const arg = only();
      if (arg.kind !== 'object') throw evalError(arg.range.start, 'object(...) takes an object of attribute types, e.g. object({ name = string })');
      const attributes: Record<string, ObjectAttributeType> = {};
      for (const item of arg.items) {
        const key = item.key.kind === 'literal' && typeof item.key.value === 'string' ? item.key.value : undefined;
        if (key === undefined) throw evalError(item.key.range.start, 'object type attribute names must be identifiers');
        Object.defineProperty(attributes, key, { value: parseAttributeType(item.value, evaluateDefault), enumerable: true });
      }
      return { kind: 'object', attributes };
    }
    default:
      throw evalError(expr.range.start, `unknown type constructor "${expr.name}".${didYouMean(expr.name, TYPE_NAMES)}`);
  }
}

function parseAttributeType(expr: Expression, evaluateDefault: (e: Expression) => HclValue): ObjectAttributeType {
  if (expr.kind === 'call' && expr.name === 'optional') {
    const [typeExpr, defaultExpr] = expr.args;
    if (typeExpr === undefined || expr.args.length > 2) throw evalError(expr.range.start, 'optional(...) takes a type and an optional default value');
    const type = parseTypeConstraint(typeExpr, evaluateDefault);
    let defaultValue: HclValue | undefined;
    if (defaultExpr !== undefined) {
      try {
        defaultValue = convertValue(evaluateDefault(defaultExpr), type);
      } catch (error) {
        if (error instanceof ConversionError) throw evalError(defaultExpr.range.start, `invalid optional() default: ${error.message}`);
        throw error;
      }
    }
    return { type, optional: true, defaultValue };
  }
  return { type: parseTypeConstraint(expr, evaluateDefault), optional: false, defaultValue: undefined };
}

/** typeToString renders a type constraint in HCL syntax. */
export function typeToString(type: TypeConstraint): string {
  switch (type.kind) {
    case 'any': case 'string': case 'number': case 'bool': return type.kind;
    case 'list': case 'set': case 'map': return `${type.kind}(${typeToString(type.element)})`;
    case 'tuple': return `tuple([${type.elements.map(typeToString).join(', ')}])`;
    case 'object': return `object({${Object.entries(type.attributes).map(([k, a]) => `${k}=${typeToString(a.type)}`).join(', ')}})`;
  }
}

/** ConversionError explains why a value does not fit a type (no position: callers add it). */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

const NUMBER_SYNTAX = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** parseNumberString converts HCL number syntax in a string, or returns undefined. */
export function parseNumberString(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER_SYNTAX.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function at(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

/** convertValue converts `value` to `type` with HCL's rules or throws ConversionError. */
export function convertValue(value: HclValue, type: TypeConstraint, path = ''): HclValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'any':
      return value;
    case 'string': {
      const text = primitiveToString(value);
      if (text === undefined) throw new ConversionError(`a string is required, got ${typeName(value)}${at(path)}`);
      return text;
    }
    case 'number': {
      if (typeof value === 'number') return value;
      const parsed = typeof value === 'string' ? parseNumberString(value) : undefined;
      if (parsed === undefined) throw new ConversionError(`a number is required, got ${typeName(value)}${typeof value === 'string' ? ` "${value}"` : ''}${at(path)}`);
      return parsed;
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw new ConversionError(`a bool is required, got ${typeName(value)}${typeof value === 'string' ? ` "${value}"` : ''}${at(path)}`);
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) throw new ConversionError(`a ${type.kind} is required, got ${typeName(value)}${at(path)}`);
      const items = value.map((item, i) => convertValue(item, type.element, `${path}[${i}]`));
      return type.kind === 'set' ? toSet(items) : items;
    }
    case 'map': {
      if (!isObject(value)) throw new ConversionError(`a map is required, got ${typeName(value)}${at(path)}`);
      const out = newObject();
      for (const key of sortedKeys(value)) setKey(out, key, convertValue(value[key] ?? null, type.element, `${path}["${key}"]`));
      return out;
    }
    case 'tuple': {
      if (!Array.isArray(value)) throw new ConversionError(`a tuple is required, got ${typeName(value)}${at(path)}`);
      if (value.length !== type.elements.length) throw new ConversionError(`a tuple of ${type.elements.length} elements is required, got ${value.length}${at(path)}`);
      return type.elements.map((element, i) => convertValue(value[i] ?? null, element, `${path}[${i}]`));
    }
    case 'object': {
      if (!isObject(value)) throw new ConversionError(`an object is required, got ${typeName(value)}${at(path)}`);
      const out = newObject();
      for (const [name, attribute] of Object.entries(type.attributes)) {
        const given = getKey(value, name);
        if (given === undefined || given === null) {
          if (!attribute.optional && given === undefined) throw new ConversionError(`attribute "${name}" is required${at(path)}`);
          setKey(out, name, attribute.defaultValue ?? null);
          continue;
        }
        setKey(out, name, convertValue(given, attribute.type, path === '' ? name : `${path}.${name}`));
      }
      return out;
    }
  }
}
