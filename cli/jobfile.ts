/**
 * Reading a jobspec file for `job run|plan|validate`: HCL2 or JSON, with -var, -var-file and
 * DROVER_VAR_/NOMAD_VAR_ environment values. "-" reads standard input.
 */
import { readFileSync } from 'node:fs';
import { parseJobspec } from '../jobspecs/index.js';
import type { SubmittedJob } from '../jobspecs/index.js';

/** JobFileFlags are the parsing flags shared by run, plan and validate. */
export interface JobFileFlags {
  var?: string[];
  varFile?: string[];
  json?: boolean;
}

function parseVars(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`-var "${p}" must be of the form name=value`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** readJobFile parses `path` into the submitted job JSON. */
export function readJobFile(path: string, flags: JobFileFlags): SubmittedJob {
  const source = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  return parseJobspec(source, {
    filename: path === '-' ? '<stdin>' : path,
    ...(flags.json ? { format: 'json' as const } : {}),
    vars: parseVars(flags.var ?? []),
    varFiles: (flags.varFile ?? []).map((f) => ({ filename: f, source: readFileSync(f, 'utf8') })),
    env: process.env,
    readFile: (p: string) => readFileSync(p, 'utf8'),
  });
}
