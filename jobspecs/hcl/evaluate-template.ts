/**
 * Template evaluation: literal text, `${...}` interpolations (a runtime reference such as
 * `${NOMAD_ALLOC_ID}` or `${attr.kernel.name}` is kept as its source text), `%{if}` and
 * `%{for}` directives. Only primitives may be interpolated.
 */
import { assertNever } from '../../api/errors.js';
import type { Expression, TemplatePart } from './ast.js';
import type { HclValue } from './body.js';
import { evalError } from './errors.js';
import { iterateCollection } from './iterate.js';
import { asBool } from './operators.js';
import { ConversionError } from './types.js';
import type { EvalEnvironment, Scope } from './scope.js';
import { RuntimeReference } from './scope.js';
import { primitiveToString, typeName } from './values.js';

/** Evaluate is the expression evaluator, injected to avoid a module cycle. */
export type Evaluate = (expr: Expression, scope?: Scope) => HclValue;

/** evaluateTemplate renders template parts to a string. */
export function evaluateTemplate(parts: TemplatePart[], scope: Scope, env: EvalEnvironment, evaluate: Evaluate): string {
  const out: string[] = [];
  let length = 0;
  const append = (text: string, part: TemplatePart): void => {
    length += text.length;
    if (length > env.limits.maxStringLength) throw evalError(part.range.start, `the template result is longer than the limit of ${env.limits.maxStringLength} characters`);
    out.push(text);
  };
  renderParts(parts, scope, env, evaluate, append);
  return out.join('');
}

function renderParts(parts: TemplatePart[], scope: Scope, env: EvalEnvironment, evaluate: Evaluate, append: (text: string, part: TemplatePart) => void): void {
  for (const part of parts) {
    switch (part.kind) {
      case 'literal':
        append(part.text, part);
        break;
      case 'interpolation': {
        let value: HclValue;
        try {
          value = evaluate(part.expr, scope);
        } catch (error) {
          if (error instanceof RuntimeReference) {
            append(part.src, part);
            break;
          }
          throw error;
        }
        append(interpolationText(value, part), part);
        break;
      }
      case 'if': {
        const condition = evaluateDirectiveValue(part.condition, scope, evaluate, '%{if}');
        let chosen: boolean;
        try {
          chosen = asBool(condition, 'the %{if} condition');
        } catch (error) {
          if (error instanceof ConversionError) throw evalError(part.condition.range.start, error.message);
          throw error;
        }
        renderParts(chosen ? part.then : part.else, scope, env, evaluate, append);
        break;
      }
      case 'for': {
        const collection = evaluateDirectiveValue(part.collection, scope, evaluate, '%{for}');
        for (const [key, value] of iterateCollection(collection, part.collection.range.start, 'the %{for} collection')) {
          const bindings = new Map<string, HclValue>([[part.valueVar, value]]);
          if (part.keyVar !== undefined) bindings.set(part.keyVar, key);
          renderParts(part.body, scope.child(bindings), env, evaluate, append);
        }
        break;
      }
      default:
        assertNever(part, 'template part');
    }
  }
}

function evaluateDirectiveValue(expr: Expression, scope: Scope, evaluate: Evaluate, directive: string): HclValue {
  try {
    return evaluate(expr, scope);
  } catch (error) {
    if (error instanceof RuntimeReference) {
      throw evalError(expr.range.start, `${directive} cannot use the runtime reference "${error.root}": it is only known on the client; use it inside "\${...}" instead`);
    }
    throw error;
  }
}

function interpolationText(value: HclValue, part: Extract<TemplatePart, { kind: 'interpolation' }>): string {
  if (value === null) throw evalError(part.expr.range.start, `cannot interpolate a null value into a string: "${part.src}"`);
  const text = primitiveToString(value);
  if (text === undefined) {
    throw evalError(part.expr.range.start, `cannot interpolate a ${typeName(value)} value into a string: "${part.src}" (use jsonencode() or join())`);
  }
  return text;
}
