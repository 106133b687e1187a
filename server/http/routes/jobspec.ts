/**
 * Jobspec routes: `POST /v1/jobs/parse` (HCL2 to JSON, optionally canonicalized) and
 * `POST /v1/validate/job` (schema + semantic validation without registering).
 */
import type { FastifyInstance } from 'fastify';
import { DroverError, isDroverError } from '../../../api/errors.js';
import { canonicalizeJob, parseJobspec } from '../../../jobspecs/index.js';
import { admitJob } from '../../endpoints/admit-job.js';

/** jobspecRoutes registers parse and validate. */
export async function jobspecRoutes(app: FastifyInstance): Promise<void> {
  app.post('/v1/jobs/parse', async (req) => {
    const body = (req.body ?? {}) as { JobHCL?: unknown; Variables?: unknown; Canonicalize?: unknown };
    if (typeof body.JobHCL !== 'string') throw new DroverError('DROVER_ERR_BAD_BODY', 'JobHCL must be a string', { statusCode: 400, location: 'JobHCL' });
    const vars: Record<string, string> = {};
    if (typeof body.Variables === 'string') {
      for (const line of body.Variables.split('\n')) {
        const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
        if (m) vars[m[1]!] = m[2]!;
      }
    }
    const submitted = parseJobspec(body.JobHCL, { filename: 'input.hcl', format: 'hcl', vars });
    return body.Canonicalize === true ? canonicalizeJob(submitted) : submitted;
  });

  app.post('/v1/validate/job', async (req) => {
    const body = (req.body ?? {}) as { Job?: unknown };
    try {
      const { warnings } = admitJob(body.Job, 'Job');
      return { DriverConfigValidated: false, ValidationErrors: null, Error: '', Warnings: warnings.join('\n') };
    } catch (err) {
      if (!isDroverError(err) || err.statusCode !== 400) throw err;
      return { DriverConfigValidated: false, ValidationErrors: [err.message], Error: err.message, Warnings: '' };
    }
  });
}
