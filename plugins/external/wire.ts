/** JSON shapes of values that are not plain JSON in the DriverPlugin contract. */
import type { ExecResult } from '../driver.js';

/** WireExecResult is ExecResult with output as base64. */
export interface WireExecResult {
  exitCode: number;
  stdoutBase64: string;
  stderrBase64: string;
}

/** execResultToWire encodes an ExecResult. */
export function execResultToWire(r: ExecResult): WireExecResult {
  return { exitCode: r.exitCode, stdoutBase64: Buffer.from(r.stdout).toString('base64'), stderrBase64: Buffer.from(r.stderr).toString('base64') };
}

/** execResultFromWire decodes an ExecResult. */
export function execResultFromWire(w: WireExecResult): ExecResult {
  return { exitCode: w.exitCode, stdout: new Uint8Array(Buffer.from(w.stdoutBase64, 'base64')), stderr: new Uint8Array(Buffer.from(w.stderrBase64, 'base64')) };
}
