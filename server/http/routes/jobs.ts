/**
 * Job routes: list, register, read, stop/purge, versions, allocations, evaluations, summary,
 * evaluate, revert, scale, plan.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DroverError } from '../../../api/errors.js';
import type { Job } from '../../../api/structs/index.js';
import { deregisterJob, evaluateJob, registerJob, revertJob, scaleJob } from '../../endpoints/jobs.js';
import { blockingQuery, namespaceOf, prefixOf } from '../blocking.js';
import type { HttpDeps } from '../deps.js';
import { allocStub, jobListStub, jobSummary, jobView } from '../views.js';

type Body = Record<string, unknown>;

function bodyOf(req: FastifyRequest): Body {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw new DroverError('DROVER_ERR_BAD_BODY', 'request body must be a JSON object', { statusCode: 400, location: 'body' });
  }
  return b as Body;
}

function jobOr404(deps: HttpDeps, req: FastifyRequest): Job {
  const id = (req.params as { id: string }).id;
  const job = deps.core.store.job(namespaceOf(req), id);
  if (!job) throw new DroverError('DROVER_ERR_JOB_NOT_FOUND', 'job not found', { statusCode: 404, location: id });
  return job;
}

/** jobRoutes registers the job API. */
export async function jobRoutes(app: FastifyInstance, opts: { deps: HttpDeps }): Promise<void> {
  const { deps } = opts;
  const store = deps.core.store;

  app.get('/v1/jobs', async (req, reply) => {
    await blockingQuery(req, reply, store, () => Math.max(store.tableIndexOf('jobs'), store.tableIndexOf('allocs')));
    const ns = namespaceOf(req);
    const prefix = prefixOf(req);
    return store.allJobs()
      .filter((j) => (ns === '*' || j.Namespace === ns) && j.ID.startsWith(prefix))
      .sort((a, b) => (a.ID < b.ID ? -1 : 1))
      .map((j) => jobListStub(store, j));
  });

  const register = async (req: FastifyRequest): Promise<unknown> => {
    const body = bodyOf(req);
    const job = deps.admitJob(body.Job, 'Job');
    const urlId = (req.params as { id?: string }).id;
    if (urlId !== undefined && urlId !== job.ID) {
      throw new DroverError('DROVER_ERR_JOB_ID_MISMATCH', `job ID "${job.ID}" does not match URL "${urlId}"`, { statusCode: 400, location: 'Job.ID' });
    }
    return registerJob(deps.core, job, {
      enforceIndex: body.EnforceIndex === true,
      jobModifyIndex: typeof body.JobModifyIndex === 'number' ? body.JobModifyIndex : 0,
      ...(typeof body.EvalPriority === 'number' && body.EvalPriority > 0 ? { evalPriority: body.EvalPriority } : {}),
    });
  };
  app.put('/v1/jobs', register);
  app.post('/v1/jobs', register);
  app.post('/v1/job/:id', register);
  app.put('/v1/job/:id', register);

  app.get('/v1/job/:id', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('jobs'));
    return jobView(store, jobOr404(deps, req));
  });

  app.delete('/v1/job/:id', async (req) => {
    const job = jobOr404(deps, req);
    const purge = (req.query as Record<string, string | undefined>).purge === 'true';
    return deregisterJob(deps.core, job.Namespace, job.ID, purge);
  });

  app.get('/v1/job/:id/versions', async (req, reply) => {
    const index = await blockingQuery(req, reply, store, () => store.tableIndexOf('job_versions'));
    const job = jobOr404(deps, req);
    return { Versions: store.jobVersionsOf(job.Namespace, job.ID), Diffs: null, Index: index };
  });

  app.get('/v1/job/:id/allocations', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('allocs'));
    const job = jobOr404(deps, req);
    return store.allocsByJob(job.Namespace, job.ID).map((a) => allocStub(store, a));
  });

  app.get('/v1/job/:id/evaluations', async (req, reply) => {
    await blockingQuery(req, reply, store, () => store.tableIndexOf('evals'));
    const job = jobOr404(deps, req);
    return [...store.evalsByJob(job.Namespace, job.ID)].sort((a, b) => b.CreateIndex - a.CreateIndex);
  });

  app.get('/v1/job/:id/summary', async (req, reply) => {
    await blockingQuery(req, reply, store, () => Math.max(store.tableIndexOf('allocs'), store.tableIndexOf('jobs')));
    return jobSummary(store, jobOr404(deps, req));
  });

  app.post('/v1/job/:id/evaluate', async (req) => {
    const job = jobOr404(deps, req);
    return evaluateJob(deps.core, job.Namespace, job.ID);
  });

  app.post('/v1/job/:id/revert', async (req) => {
    const job = jobOr404(deps, req);
    const body = bodyOf(req);
    if (typeof body.JobVersion !== 'number') throw new DroverError('DROVER_ERR_BAD_BODY', 'JobVersion must be a number', { statusCode: 400, location: 'JobVersion' });
    return revertJob(deps.core, job.Namespace, job.ID, body.JobVersion, typeof body.EnforcePriorVersion === 'number' ? body.EnforcePriorVersion : undefined);
  });

  app.post('/v1/job/:id/scale', async (req) => {
    const job = jobOr404(deps, req);
    const body = bodyOf(req);
    const target = (body.Target ?? {}) as Record<string, unknown>;
    if (typeof target.Group !== 'string') throw new DroverError('DROVER_ERR_BAD_BODY', 'Target.Group is required', { statusCode: 400, location: 'Target.Group' });
    if (typeof body.Count !== 'number') throw new DroverError('DROVER_ERR_BAD_BODY', 'Count must be a number', { statusCode: 400, location: 'Count' });
    return scaleJob(deps.core, job.Namespace, job.ID, target.Group, body.Count);
  });

  app.get('/v1/job/:id/scale', async (req) => {
    const job = jobOr404(deps, req);
    const summary = jobSummary(store, job);
    const groups: Record<string, unknown> = {};
    for (const g of job.TaskGroups) {
      const s = summary.Summary[g.Name]!;
      groups[g.Name] = { Desired: g.Count, Placed: s.Running + s.Starting, Running: s.Running, Healthy: s.Running, Unhealthy: 0, Events: null };
    }
    return { JobID: job.ID, Namespace: job.Namespace, JobStopped: job.Stop, JobCreateIndex: job.CreateIndex, JobModifyIndex: job.JobModifyIndex, TaskGroups: groups };
  });

  app.post('/v1/job/:id/plan', async (req) => {
    const body = bodyOf(req);
    const job = deps.admitJob(body.Job, 'Job');
    return deps.planJob(job, body.Diff !== false);
  });
}
