/**
 * The jobspec pipeline after HCL evaluation:
 *
 *   HCL source ──evaluateHcl──► HclBody ──decode──► SubmittedJob ◄── JSON body (validateJobJson)
 *                                                        │
 *                                                  canonicalizeJob  (Nomad defaults)
 *                                                        ▼
 *                                                   Job (canonical) ──validateJob──► issues
 *                                                        │
 *                                                  diffJobs(old, new) ──► plan diff
 *
 * `parseJobspec` covers the first row for both formats; everything it throws is a DroverError
 * with a `location` (`file:line:col` for HCL, the JSON path for JSON).
 */
import { DroverError } from '../api/errors.js';
import { evaluateHcl } from './hcl/index.js';
import type { Job } from '../api/structs/job.js';
import { canonicalizeJob } from './canonicalize/job.js';
import { decodeJobBody, formatPos, type JobSourceMap } from './decode/decode-job.js';
import { sourcePosOf } from './decode/source-map.js';
import type { SubmittedJob } from './schema/types.js';
import type { ValidationIssue } from './validate/issues.js';
import { validateJob, type ValidateJobOptions } from './validate/job.js';
import { validateJobJson } from './schema/validate-json.js';

export { canonicalizeJob } from './canonicalize/job.js';
export { validateJob, validationErrors, type ValidateJobOptions } from './validate/job.js';
export { validateDriverConfigs } from './validate/driver-config.js';
export type { ValidationIssue } from './validate/issues.js';
export { diffJobs } from './diff/job-diff.js';
export { tasksUpdated, taskChangeReasons, groupChangeReasons } from './diff/tasks-updated.js';
export type { JobDiff, TaskGroupDiff, TaskDiff, ObjectDiff, FieldDiff, DiffType, DiffAnnotation } from './diff/types.js';
export { explainField, type FieldExplanation } from './schema/explain.js';
export { validateJobJson, jobJsonSchema, jobRequestJsonSchema } from './schema/validate-json.js';
export type { SubmittedJob, SubmittedTaskGroup, SubmittedTask, SubmittedBlock, JobJsonError, ValidateJobJsonResult } from './schema/types.js';
export { submittedAsJson } from './schema/types.js';
export { decodeJobBody, type JobSourceMap } from './decode/decode-job.js';
export { sourcePosOf } from './decode/source-map.js';
export { parseDuration, formatDuration } from './decode/duration.js';

/** ParseJobspecOptions: file name for locations, format (auto-detected), HCL variables. */
export interface ParseJobspecOptions {
  filename: string;
  /** Default: JSON when the first non-space character is `{`, else HCL. */
  format?: 'hcl' | 'json';
  vars?: Record<string, string>;
  varFiles?: Array<{ filename: string; source: string }>;
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
  baseDir?: string;
}

/** detectFormat: JSON when the first non-space character is `{`. */
export function detectFormat(source: string): 'hcl' | 'json' {
  return source.trimStart().startsWith('{') ? 'json' : 'hcl';
}

function parseJsonJob(source: string, filename: string): SubmittedJob {
  let body: unknown;
  try {
    body = JSON.parse(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new DroverError('DROVER_ERR_JOBSPEC_INVALID', `${filename}: invalid JSON: ${message}`, { statusCode: 400, location: filename });
  }
  const result = validateJobJson(body);
  if (result.ok) return result.job;
  const first = result.errors[0];
  const lines = result.errors.map((e) => `${filename}: ${e.path}: ${e.message}`);
  const opts: { statusCode: number; location?: string } = { statusCode: 400 };
  if (first !== undefined) opts.location = first.path;
  throw new DroverError('DROVER_ERR_JOBSPEC_INVALID', lines.join('\n'), opts);
}

/**
 * parseJobspec turns a jobspec file (HCL2 or JSON, `{"Job": {...}}` or a bare job) into the
 * submitted JSON job. Throws DroverError: DROVER_ERR_HCL_* from the language layer,
 * DROVER_ERR_JOBSPEC_INVALID for jobspec structure problems.
 */
export function parseJobspec(source: string, opts: ParseJobspecOptions): SubmittedJob {
  return parseWithPositions(source, opts, undefined);
}

function parseWithPositions(source: string, opts: ParseJobspecOptions, positions: JobSourceMap | undefined): SubmittedJob {
  const format = opts.format ?? detectFormat(source);
  if (format === 'json') return parseJsonJob(source, opts.filename);
  const hclOptions: Parameters<typeof evaluateHcl>[1] = { filename: opts.filename };
  if (opts.vars !== undefined) hclOptions.vars = opts.vars;
  if (opts.varFiles !== undefined) hclOptions.varFiles = opts.varFiles;
  if (opts.env !== undefined) hclOptions.env = opts.env;
  if (opts.readFile !== undefined) hclOptions.readFile = opts.readFile;
  if (opts.baseDir !== undefined) hclOptions.baseDir = opts.baseDir;
  return decodeJobBody(evaluateHcl(source, hclOptions), positions);
}

/** LocatedIssue is a validation issue with where to look: `file:line:col` (HCL) or the JSON path. */
export interface LocatedIssue extends ValidationIssue {
  location: string;
}

/** CheckedJobspec is a parsed, canonicalized and validated jobspec. */
export interface CheckedJobspec {
  submitted: SubmittedJob;
  job: Job;
  issues: LocatedIssue[];
}

/**
 * checkJobspec runs the whole pipeline on a file (what `drover job validate` / `plan` need):
 * parse (throws DroverError on syntax/structure problems), canonicalize, validate. Issues of an
 * HCL file are located at the closest block or attribute that produced the offending path.
 */
export function checkJobspec(source: string, opts: ParseJobspecOptions & ValidateJobOptions): CheckedJobspec {
  const positions: JobSourceMap = new Map();
  const submitted = parseWithPositions(source, opts, positions);
  const job = canonicalizeJob(submitted);
  const validateOptions: ValidateJobOptions = {};
  if (opts.driverConfigSchemas !== undefined) validateOptions.driverConfigSchemas = opts.driverConfigSchemas;
  const issues = validateJob(job, validateOptions).map((issue) => {
    const pos = sourcePosOf(issue.path, positions);
    return { ...issue, location: pos === undefined ? issue.path : formatPos(pos) };
  });
  return { submitted, job, issues };
}
