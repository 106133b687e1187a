/**
 * Hard limits that keep hostile or broken jobspecs from crashing or hanging the evaluator
 * (reliability-and-security.md §5). Exceeding any of them is a located error.
 */

/** HclLimits are the bounds enforced while lexing, parsing and evaluating. */
export interface HclLimits {
  /** Maximum source size in bytes (each file, including var-files). */
  maxSourceBytes: number;
  /** Maximum nesting depth of blocks, expressions and templates. */
  maxNestingDepth: number;
  /** Maximum number of syntax tree nodes in one file. */
  maxNodes: number;
  /** Maximum length (UTF-16 units) of any string literal, heredoc or computed string. */
  maxStringLength: number;
  /** Maximum number of elements in any computed list/object (for, range, dynamic, ...). */
  maxCollectionLength: number;
  /** Maximum number of expression evaluation steps for the whole evaluation. */
  maxEvalSteps: number;
  /** Maximum nesting of expression evaluation (across locals referring to locals). */
  maxEvalDepth: number;
  /** Maximum depth of nested local/variable resolution chains. */
  maxReferenceDepth: number;
  /** Maximum nesting depth of a computed value (local values and variable values). */
  maxValueDepth: number;
}

/** DEFAULT_LIMITS are the limits used by evaluateHcl and parseHcl. */
export const DEFAULT_LIMITS: Readonly<HclLimits> = Object.freeze({
  maxSourceBytes: 4 * 1024 * 1024,
  maxNestingDepth: 64,
  maxNodes: 500_000,
  maxStringLength: 1024 * 1024,
  maxCollectionLength: 100_000,
  maxEvalSteps: 5_000_000,
  maxEvalDepth: 1000,
  maxReferenceDepth: 128,
  maxValueDepth: 256,
});

/** jsonBracketDepth is the deepest `[`/`{` nesting of a JSON text (strings skipped), checked
 * before JSON.parse so hostile input cannot blow the stack. */
export function jsonBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}
