/**
 * Expression evaluation over the syntax tree. Values are JSON-compatible; errors are located
 * DROVER_ERR_HCL_EVAL errors naming the thing at fault, with "did you mean" suggestions.
 */
import { assertNever } from '../../api/errors.js';
import type { Expression } from './ast.js';
import type { HclValue, SourcePos } from './body.js';
import { evalError } from './errors.js';
import { callFunction } from './evaluate-call.js';
import { evaluateTemplate } from './evaluate-template.js';
import { applyBinary, applyUnary, asBool } from './operators.js';
import type { EvalEnvironment, Scope } from './scope.js';
import { RuntimeReference, SPLAT_BINDING, isRuntimeRoot } from './scope.js';
import { didYouMean } from './suggest.js';
import { ConversionError } from './types.js';
import { iterateCollection } from './iterate.js';
import { getKey, isObject, newObject, objectFromEntries, primitiveToString, setKey, typeName } from './values.js';

/** evaluateExpression evaluates one expression in `scope`. */
export function evaluateExpression(expr: Expression, scope: Scope, env: EvalEnvironment): HclValue {
  env.budget.steps++;
  if (env.budget.steps > env.limits.maxEvalSteps) {
    throw evalError(expr.range.start, `evaluation needs more than ${env.limits.maxEvalSteps} steps; simplify the expression`);
  }
  if (env.budget.depth >= env.limits.maxEvalDepth) {
    throw evalError(expr.range.start, `evaluation nests deeper than the limit of ${env.limits.maxEvalDepth} (deeply nested expressions through chains of locals)`);
  }
  env.budget.depth++;
  try {
    return evaluateNode(expr, scope, env);
  } finally {
    env.budget.depth--;
  }
}

function evaluateNode(expr: Expression, scope: Scope, env: EvalEnvironment): HclValue {
  const evaluate = (e: Expression, s: Scope = scope): HclValue => evaluateExpression(e, s, env);
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return evaluateTemplate(expr.parts, scope, env, evaluate);
    case 'templateWrap':
      try {
        return evaluate(expr.expr);
      } catch (error) {
        if (error instanceof RuntimeReference) return expr.interpolationSrc;
        throw error;
      }
    case 'variable':
      return lookupVariable(expr.name, expr.range.start, scope, env);
    case 'getAttr':
      return evaluateGetAttr(expr, scope, env);
    case 'index':
      return indexValue(evaluate(expr.object), evaluate(expr.key), expr.key.range.start, env);
    case 'splat':
      return evaluateSplat(expr.source, expr.each, scope, env);
    case 'splatItem':
      return scope.lookup(SPLAT_BINDING) ?? null;
    case 'call':
      return callFunction(expr, scope, env, evaluate);
    case 'unary':
      return located(expr.range.start, () => applyUnary(expr.op, evaluate(expr.operand)));
    case 'binary': {
      const left = evaluate(expr.left);
      const right = evaluate(expr.right);
      return located(expr.range.start, () => applyBinary(expr.op, left, right), `operator "${expr.op}": `);
    }
    case 'conditional': {
      const condition = evaluate(expr.condition);
      const chosen = located(expr.condition.range.start, () => asBool(condition, 'the condition'));
      return evaluate(chosen ? expr.then : expr.else);
    }
    case 'tuple':
      return expr.items.map((item) => evaluate(item));
    case 'object': {
      const out = newObject();
      for (const item of expr.items) {
        const key = objectKey(evaluate(item.key), item.key.range.start);
        if (Object.hasOwn(out, key)) throw evalError(item.key.range.start, `duplicate object key "${key}"`);
        setKey(out, key, evaluate(item.value));
      }
      return out;
    }
    case 'parens':
      return evaluate(expr.expr);
    case 'for':
      return evaluateFor(expr, scope, env);
    default:
      return assertNever(expr, 'expression');
  }
}

/** located runs `fn`, turning ConversionError into a located evaluation error. */
export function located<T>(pos: SourcePos, fn: () => T, prefix = ''): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConversionError) throw evalError(pos, `${prefix}${error.message}`);
    throw error;
  }
}

function lookupVariable(name: string, pos: SourcePos, scope: Scope, env: EvalEnvironment): HclValue {
  const bound = scope.lookup(name);
  if (bound !== undefined) return bound;
  if (name === 'var' && env.variables !== undefined) return env.variables;
  if (name === 'local' && env.locals !== undefined) {
    const locals = env.locals;
    return objectFromEntries(locals.names().map((local) => [local, locals.resolve(local, pos)]));
  }
  if (isRuntimeRoot(name)) throw new RuntimeReference(name);
  const known = [...scope.names(), ...(env.variables === undefined ? [] : ['var']), ...(env.locals === undefined ? [] : ['local'])];
  const where = env.variables === undefined ? ' (variables and locals are not available here)' : '';
  throw evalError(pos, `unknown variable "${name}"${where}.${didYouMean(name, known)}`);
}

function evaluateGetAttr(expr: Extract<Expression, { kind: 'getAttr' }>, scope: Scope, env: EvalEnvironment): HclValue {
  const object = expr.object;
  if (object.kind === 'variable' && object.name === 'local' && !scope.has('local') && env.locals !== undefined) {
    if (!env.locals.names().includes(expr.name)) {
      throw evalError(expr.range.start, `unknown local value "local.${expr.name}".${didYouMean(expr.name, env.locals.names())}`);
    }
    return env.locals.resolve(expr.name, expr.range.start);
  }
  const value = evaluateExpression(object, scope, env);
  if (object.kind === 'variable' && object.name === 'var' && !scope.has('var') && isObject(value) && !Object.hasOwn(value, expr.name)) {
    throw evalError(expr.range.start, `unknown variable "var.${expr.name}": no variable "${expr.name}" is declared.${didYouMean(expr.name, Object.keys(value))}`);
  }
  return getAttribute(value, expr.name, expr.range.start);
}

function getAttribute(value: HclValue, name: string, pos: SourcePos): HclValue {
  if (isObject(value)) {
    const found = getKey(value, name);
    if (found === undefined) throw evalError(pos, `unsupported attribute "${name}": the object has no such attribute.${didYouMean(name, Object.keys(value))}`);
    return found;
  }
  if (value === null) throw evalError(pos, `cannot read attribute "${name}" of a null value`);
  throw evalError(pos, `cannot read attribute "${name}" of a ${typeName(value)} value${Array.isArray(value) ? ' (use [index] or [*] splat)' : ''}`);
}

/** indexValue evaluates `collection[key]`. */
export function indexValue(collection: HclValue, key: HclValue, pos: SourcePos, _env?: EvalEnvironment): HclValue {
  if (collection === null) throw evalError(pos, 'cannot index a null value');
  if (key === null) throw evalError(pos, 'an index key must not be null');
  if (Array.isArray(collection)) {
    const index = typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : Number.NaN;
    if (!Number.isInteger(index)) throw evalError(pos, `a list index must be a whole number, got ${typeName(key)} ${JSON.stringify(key)}`);
    const item = collection[index];
    if (item === undefined || index < 0) throw evalError(pos, `index ${index} is out of range for a list of ${collection.length} elements`);
    return item;
  }
  if (isObject(collection)) {
    const name = primitiveToString(key);
    if (name === undefined) throw evalError(pos, `a map key must be a string, got ${typeName(key)}`);
    const found = getKey(collection, name);
    if (found === undefined) throw evalError(pos, `the map has no element for key "${name}".${didYouMean(name, Object.keys(collection))}`);
    return found;
  }
  throw evalError(pos, `cannot index a ${typeName(collection)} value`);
}

function evaluateSplat(source: Expression, each: Expression, scope: Scope, env: EvalEnvironment): HclValue {
  const value = evaluateExpression(source, scope, env);
  if (value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => evaluateExpression(each, scope.child(new Map([[SPLAT_BINDING, item]])), env));
}

function objectKey(key: HclValue, pos: SourcePos): string {
  const text = primitiveToString(key);
  if (text === undefined) throw evalError(pos, `an object key must be a string, got ${typeName(key)}`);
  return text;
}

function evaluateFor(expr: Extract<Expression, { kind: 'for' }>, scope: Scope, env: EvalEnvironment): HclValue {
  const collection = evaluateExpression(expr.collection, scope, env);
  const pairs = iterateCollection(collection, expr.collection.range.start, 'the for expression collection');
  const tupleOut: HclValue[] = [];
  const objectOut = newObject();
  let produced = 0;
  for (const [key, value] of pairs) {
    const bindings = new Map<string, HclValue>([[expr.valueVar, value]]);
    if (expr.keyVar !== undefined) bindings.set(expr.keyVar, key);
    const inner = scope.child(bindings);
    if (expr.condition !== undefined) {
      const keep = evaluateExpression(expr.condition, inner, env);
      if (!located(expr.condition.range.start, () => asBool(keep, 'the for expression "if" condition'))) continue;
    }
    produced++;
    if (produced > env.limits.maxCollectionLength) throw evalError(expr.range.start, `the for expression produces more than ${env.limits.maxCollectionLength} elements`);
    const result = evaluateExpression(expr.valueExpr, inner, env);
    if (expr.keyExpr === undefined) {
      tupleOut.push(result);
      continue;
    }
    const name = objectKey(evaluateExpression(expr.keyExpr, inner, env), expr.keyExpr.range.start);
    const existing = getKey(objectOut, name);
    if (expr.group) {
      if (Array.isArray(existing)) existing.push(result);
      else setKey(objectOut, name, [result]);
    } else {
      if (existing !== undefined) throw evalError(expr.keyExpr.range.start, `duplicate key "${name}" in the for expression result; add "..." after the value to group values by key`);
      setKey(objectOut, name, result);
    }
  }
  return expr.keyExpr === undefined ? tupleOut : objectOut;
}
