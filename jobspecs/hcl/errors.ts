/**
 * Located errors of the HCL language layer. Every error carries `location` = `file:line:col`
 * and a message that starts with that location, so the CLI can print it as is.
 */
import { DroverError } from '../../api/errors.js';
import type { SourcePos } from './body.js';

/** HclErrorCode is one of the three stable error codes this layer throws. */
export type HclErrorCode = 'DROVER_ERR_HCL_SYNTAX' | 'DROVER_ERR_HCL_EVAL' | 'DROVER_ERR_HCL_VARIABLE';

/** formatLocation renders a position as `file:line:col`. */
export function formatLocation(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** hclError builds a DroverError (HTTP 400) whose message starts with the location. */
export function hclError(code: HclErrorCode, pos: SourcePos, message: string): DroverError {
  const location = formatLocation(pos);
  return new DroverError(code, `${location}: ${message}`, { statusCode: 400, location });
}

/** syntaxError is a DROVER_ERR_HCL_SYNTAX error at `pos`. */
export function syntaxError(pos: SourcePos, message: string): DroverError {
  return hclError('DROVER_ERR_HCL_SYNTAX', pos, message);
}

/** evalError is a DROVER_ERR_HCL_EVAL error at `pos`. */
export function evalError(pos: SourcePos, message: string): DroverError {
  return hclError('DROVER_ERR_HCL_EVAL', pos, message);
}

/** variableError is a DROVER_ERR_HCL_VARIABLE error at `pos`. */
export function variableError(pos: SourcePos, message: string): DroverError {
  return hclError('DROVER_ERR_HCL_VARIABLE', pos, message);
}

/**
 * FunctionArgumentError is thrown by function implementations (which know no positions);
 * the evaluator turns it into a located DROVER_ERR_HCL_EVAL naming the function.
 */
export class FunctionArgumentError extends Error {
  /** Zero-based index of the offending argument, when known. */
  readonly argIndex: number | undefined;
  constructor(message: string, argIndex?: number) {
    super(message);
    this.name = 'FunctionArgumentError';
    this.argIndex = argIndex;
  }
}
