/**
 * Shared helpers for the HCL language-layer tests: evaluate a single expression, and capture
 * the DroverError a source produces.
 */
import { isDroverError } from '../../api/errors.js';
import type { DroverError } from '../../api/errors.js';
import type { EvaluateHclOptions, HclValue } from '../../jobspecs/hcl/index.js';
import { evaluateHcl } from '../../jobspecs/hcl/index.js';

/** evalExpr evaluates `value = <expr>` (with optional extra top-level source) and returns the value. */
export function evalExpr(expr: string, prelude = '', opts: Partial<EvaluateHclOptions> = {}): HclValue {
  const body = evaluateHcl(`${prelude}\nvalue = ${expr}\n`, { filename: 'expr.hcl', ...opts });
  const attribute = body.attributes.find((a) => a.name === 'value');
  if (attribute === undefined) throw new Error('no value attribute');
  return attribute.value;
}

/** errorOf runs `fn` and returns the DroverError it throws (or a description of what happened). */
export function errorOf(fn: () => unknown): DroverError | string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    if (isDroverError(error)) return error;
    return `non-DroverError: ${String(error)}`;
  }
}

/** errorSummary is `code location message` for compact assertions. */
export function errorSummary(fn: () => unknown): { code: string; location: string | undefined; message: string } {
  const error = errorOf(fn);
  if (typeof error === 'string') return { code: error, location: undefined, message: error };
  return { code: error.code, location: error.location, message: error.message };
}

/** evalOrError is evalExpr, but a thrown error becomes the string `ERROR <code>: <message>`. */
export function evalOrError(expr: string, prelude = '', opts: Partial<EvaluateHclOptions> = {}): HclValue {
  try {
    return evalExpr(expr, prelude, opts);
  } catch (error) {
    return isDroverError(error) ? `ERROR ${error.code}: ${error.message}` : `ERROR ${String(error)}`;
  }
}
