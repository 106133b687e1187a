/**
 * Top-level evaluation of an attribute's expression. A bare runtime reference such as
 * `value = attr.kernel.name` becomes the string "${attr.kernel.name}" (what Nomad keeps for
 * the client); a runtime reference used in computation is a located error.
 */
import type { Expression } from './ast.js';
import type { HclValue } from './body.js';
import { evalError } from './errors.js';
import { evaluateExpression } from './evaluate-expression.js';
import type { EvalEnvironment, Scope } from './scope.js';
import { RuntimeReference } from './scope.js';

function isTraversal(expr: Expression): boolean {
  switch (expr.kind) {
    case 'variable': return true;
    case 'getAttr': return isTraversal(expr.object);
    case 'index': return isTraversal(expr.object) && expr.key.kind === 'literal';
    default: return false;
  }
}

/** evaluateValue evaluates an attribute-level expression; RuntimeReference never escapes. */
export function evaluateValue(expr: Expression, scope: Scope, env: EvalEnvironment): HclValue {
  try {
    return evaluateExpression(expr, scope, env);
  } catch (error) {
    if (!(error instanceof RuntimeReference)) throw error;
    if (isTraversal(expr)) return `\${${expr.src}}`;
    throw evalError(expr.range.start, `"${error.root}" is a runtime reference known only on the client; it can only be used directly inside a string, e.g. "\${${error.root}...}"`);
  }
}
