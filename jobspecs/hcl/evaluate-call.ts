/**
 * Function calls: lookup (with "did you mean"), argument count checks, `...` expansion of the
 * final argument, conversion of arguments to declared parameter types, and the lazy special
 * forms `try(...)` and `can(...)`.
 */
import { isDroverError } from '../../api/errors.js';
import type { Expression } from './ast.js';
import type { HclValue, SourcePos } from './body.js';
import { FunctionArgumentError, evalError } from './errors.js';
import type { Evaluate } from './evaluate-template.js';
import type { FunctionParam, HclFunction } from './functions/registry.js';
import type { EvalEnvironment, Scope } from './scope.js';
import { RuntimeReference } from './scope.js';
import { didYouMean } from './suggest.js';
import { ConversionError, convertValue, parseTypeConstraint, typeToString } from './types.js';
import { isObject, typeName } from './values.js';

type CallExpression = Extract<Expression, { kind: 'call' }>;

/** callFunction evaluates a function call expression. */
export function callFunction(expr: CallExpression, scope: Scope, env: EvalEnvironment, evaluate: Evaluate): HclValue {
  if (expr.name === 'try') return evaluateTry(expr, scope, evaluate);
  if (expr.name === 'can') return evaluateCan(expr, scope, evaluate);
  if (expr.name === 'convert') return evaluateConvert(expr, scope, evaluate);
  const fn = env.functions.get(expr.name);
  if (fn === undefined) {
    throw evalError(expr.range.start, `call to unknown function "${expr.name}".${didYouMean(expr.name, [...env.functions.keys(), 'try', 'can', 'convert'])}`);
  }
  const { values, positions } = evaluateArguments(expr, scope, evaluate);
  checkArity(expr, fn, values.length);
  const converted = values.map((value, i) => convertArgument(expr, fn, value, i, positions[i] ?? expr.range.start));
  let result: HclValue;
  try {
    result = fn.impl(converted, env.functionContext);
  } catch (error) {
    if (error instanceof FunctionArgumentError || error instanceof ConversionError) {
      const at = error instanceof FunctionArgumentError && error.argIndex !== undefined ? positions[error.argIndex] : undefined;
      throw evalError(at ?? expr.range.start, `error in function ${expr.name}(): ${error.message}`);
    }
    throw error;
  }
  checkResultSize(expr, result, env);
  return result;
}

function evaluateArguments(expr: CallExpression, scope: Scope, evaluate: Evaluate): { values: HclValue[]; positions: SourcePos[] } {
  const values: HclValue[] = [];
  const positions: SourcePos[] = [];
  expr.args.forEach((arg, i) => {
    const value = evaluate(arg, scope);
    const isLast = i === expr.args.length - 1;
    if (isLast && expr.expandFinal) {
      if (!Array.isArray(value)) throw evalError(arg.range.start, `the "..." expansion of ${expr.name}() needs a list or tuple, got ${typeName(value)}`);
      for (const item of value) {
        values.push(item);
        positions.push(arg.range.start);
      }
      return;
    }
    values.push(value);
    positions.push(arg.range.start);
  });
  return { values, positions };
}

function describeSignature(name: string, fn: HclFunction): string {
  const params = fn.params.map((p) => p.name);
  if (fn.variadic !== undefined) params.push(`${fn.variadic.name}...`);
  return `${name}(${params.join(', ')})`;
}

function checkArity(expr: CallExpression, fn: HclFunction, count: number): void {
  const min = fn.params.length;
  const tooFew = count < min;
  const tooMany = fn.variadic === undefined && count > min;
  if (!tooFew && !tooMany) return;
  const expected = fn.variadic === undefined ? `${min}` : `at least ${min}`;
  throw evalError(expr.range.start, `function ${expr.name}() expects ${expected} argument${min === 1 && fn.variadic === undefined ? '' : 's'}, got ${count}: ${describeSignature(expr.name, fn)}`);
}

function parameterAt(fn: HclFunction, index: number): FunctionParam {
  const declared = fn.params[index] ?? fn.variadic;
  if (declared === undefined) throw new Error('parameter index out of range');
  return declared;
}

function convertArgument(expr: CallExpression, fn: HclFunction, value: HclValue, index: number, pos: SourcePos): HclValue {
  const declared = parameterAt(fn, index);
  if (value === null) {
    if (declared.allowNull === true) return null;
    throw evalError(pos, `invalid value for the "${declared.name}" parameter of ${expr.name}(): argument must not be null`);
  }
  try {
    return convertValue(value, declared.type);
  } catch (error) {
    if (error instanceof ConversionError) {
      throw evalError(pos, `invalid value for the "${declared.name}" parameter of ${expr.name}(): ${error.message} (expected ${typeToString(declared.type)})`);
    }
    throw error;
  }
}

function checkResultSize(expr: CallExpression, result: HclValue, env: EvalEnvironment): void {
  const { maxStringLength, maxCollectionLength } = env.limits;
  if (typeof result === 'string' && result.length > maxStringLength) {
    throw evalError(expr.range.start, `${expr.name}() produced a string longer than the limit of ${maxStringLength} characters`);
  }
  const size = Array.isArray(result) ? result.length : isObject(result) ? Object.keys(result).length : 0;
  if (size > maxCollectionLength) throw evalError(expr.range.start, `${expr.name}() produced more than ${maxCollectionLength} elements`);
}

function isRecoverable(error: unknown): boolean {
  return error instanceof RuntimeReference || (isDroverError(error) && error.code === 'DROVER_ERR_HCL_EVAL');
}

function evaluateTry(expr: CallExpression, scope: Scope, evaluate: Evaluate): HclValue {
  if (expr.args.length === 0) throw evalError(expr.range.start, 'function try() expects at least 1 argument');
  let lastError: unknown;
  for (const arg of expr.args) {
    try {
      return evaluate(arg, scope);
    } catch (error) {
      if (!isRecoverable(error)) throw error;
      lastError = error;
    }
  }
  const detail = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
  throw evalError(expr.range.start, `no expression given to try() succeeded${detail}`);
}

function evaluateCan(expr: CallExpression, scope: Scope, evaluate: Evaluate): HclValue {
  const [only] = expr.args;
  if (only === undefined || expr.args.length !== 1) throw evalError(expr.range.start, `function can() expects 1 argument, got ${expr.args.length}`);
  try {
    evaluate(only, scope);
    return true;
  } catch (error) {
    if (!isRecoverable(error)) throw error;
    return false;
  }
}

function evaluateConvert(expr: CallExpression, scope: Scope, evaluate: Evaluate): HclValue {
  const [valueExpr, typeExpr] = expr.args;
  if (valueExpr === undefined || typeExpr === undefined || expr.args.length !== 2) {
    throw evalError(expr.range.start, `function convert() expects 2 arguments (value, type), got ${expr.args.length}`);
  }
  const type = parseTypeConstraint(typeExpr, (e) => evaluate(e, scope));
  const value = evaluate(valueExpr, scope);
  try {
    return convertValue(value, type);
  } catch (error) {
    if (error instanceof ConversionError) throw evalError(valueExpr.range.start, `convert() to ${typeToString(type)}: ${error.message}`);
    throw error;
  }
}
