/**
 * admitJob: the job admission path shared by register, plan and validate — JSON Schema check
 * (unknown fields rejected with their JSON path), canonicalization with Nomad's defaults, then
 * semantic validation. Any error is a 400 naming the field.
 */
import { DroverError } from '../../api/errors.js';
import type { Job } from '../../api/structs/index.js';
import { canonicalizeJob, validateJob, validateJobJson, validationErrors } from '../../jobspecs/index.js';

/** AdmissionResult carries the canonical job and non-fatal warnings. */
export interface AdmissionResult {
  job: Job;
  warnings: string[];
}

/** admitJob validates and canonicalizes a submitted job (`raw` is the body's `Job`). */
export function admitJob(raw: unknown, path = 'Job', region = 'global'): AdmissionResult {
  if (raw === undefined || raw === null) throw new DroverError('DROVER_ERR_JOB_INVALID', `${path} is required`, { statusCode: 400, location: path });
  const checked = validateJobJson({ Job: raw });
  if (!checked.ok) {
    const first = checked.errors[0]!;
    const more = checked.errors.length > 1 ? ` (and ${checked.errors.length - 1} more: ${checked.errors.slice(1, 4).map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
    throw new DroverError('DROVER_ERR_JOB_INVALID', `${first.path}: ${first.message}${more}`, { statusCode: 400, location: first.path });
  }
  const job = canonicalizeJob(checked.job);
  if (!raw || !(raw as { Region?: unknown }).Region) job.Region = region;
  const issues = validateJob(job);
  const errors = validationErrors(issues);
  if (errors.length > 0) {
    const first = errors[0]!;
    const all = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new DroverError('DROVER_ERR_JOB_INVALID', `job validation failed: ${all}`, { statusCode: 400, location: first.path });
  }
  return { job, warnings: issues.filter((i) => i.severity === 'warning').map((i) => `${i.path}: ${i.message}`) };
}
