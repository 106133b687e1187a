/**
 * Unary and binary operators with HCL's operand conversions: arithmetic and ordering on
 * numbers (numeric strings convert), logic on bools ("true"/"false" convert), equality is
 * deep and without conversion.
 */
import type { BinaryOperator } from './ast.js';
import type { HclValue } from './body.js';
import { assertNever } from '../../api/errors.js';
import { ConversionError, convertValue } from './types.js';
import { valuesEqual } from './values.js';

function asNumber(value: HclValue, side: string): number {
  if (value === null) throw new ConversionError(`the ${side} operand is null; a number is required`);
  return convertValue(value, { kind: 'number' }) as number;
}

/** asBool converts a value for `!`, `&&`, `||` and conditions. */
export function asBool(value: HclValue, what: string): boolean {
  if (value === null) throw new ConversionError(`${what} is null; a bool is required`);
  return convertValue(value, { kind: 'bool' }) as boolean;
}

/** applyUnary evaluates `!x` or `-x`. */
export function applyUnary(op: '!' | '-', operand: HclValue): HclValue {
  return op === '!' ? !asBool(operand, 'the operand of "!"') : -asNumber(operand, '"-"');
}

/** applyBinary evaluates `left op right` (operands already evaluated). */
export function applyBinary(op: BinaryOperator, left: HclValue, right: HclValue): HclValue {
  switch (op) {
    case '==': return valuesEqual(left, right);
    case '!=': return !valuesEqual(left, right);
    case '&&': return asBool(left, 'the left operand of "&&"') && asBool(right, 'the right operand of "&&"');
    case '||': return asBool(left, 'the left operand of "||"') || asBool(right, 'the right operand of "||"');
    case '<': return asNumber(left, 'left') < asNumber(right, 'right');
    case '>': return asNumber(left, 'left') > asNumber(right, 'right');
    case '<=': return asNumber(left, 'left') <= asNumber(right, 'right');
    case '>=': return asNumber(left, 'left') >= asNumber(right, 'right');
    case '+': return checkFinite(asNumber(left, 'left') + asNumber(right, 'right'));
    case '-': return checkFinite(asNumber(left, 'left') - asNumber(right, 'right'));
    case '*': return checkFinite(asNumber(left, 'left') * asNumber(right, 'right'));
    case '/': {
      const divisor = asNumber(right, 'right');
      const dividend = asNumber(left, 'left');
      if (divisor === 0) throw new ConversionError('division by zero');
      return checkFinite(dividend / divisor);
    }
    case '%': {
      const divisor = asNumber(right, 'right');
      const dividend = asNumber(left, 'left');
      if (divisor === 0) throw new ConversionError('modulo by zero');
      return dividend % divisor;
    }
    default:
      return assertNever(op, 'binary operator');
  }
}

function checkFinite(value: number): number {
  if (!Number.isFinite(value)) throw new ConversionError('arithmetic result is out of range');
  return value;
}
