/**
 * waitForConvergence (`job run -wait`): block until every group has its count of allocations
 * running (service) or complete (batch), printing progress; false when an allocation failed
 * without being replaced, or on timeout.
 */
import type { Job } from '../../api/structs/index.js';
import type { Connection } from '../env.js';
import { parseDurationMs } from '../../api/duration.js';

interface Summary { Summary: Record<string, { Queued: number; Complete: number; Failed: number; Running: number; Starting: number; Lost: number }> }

/** waitForConvergence returns true once the job converged. */
export async function waitForConvergence(conn: Connection, jobId: string, timeout: string): Promise<boolean> {
  const deadline = Date.now() + parseDurationMs(timeout, 'wait-timeout');
  let index = 0;
  let last = '';
  while (Date.now() < deadline) {
    const { value: job } = await conn.client.get<Job>(`/v1/job/${encodeURIComponent(jobId)}`, { query: { namespace: conn.namespace } });
    const { value: sum, index: idx } = await conn.client.get<Summary>(`/v1/job/${encodeURIComponent(jobId)}/summary`, { query: { namespace: conn.namespace }, index, waitMs: Math.min(5_000, Math.max(0, deadline - Date.now())) });
    index = idx;
    const batch = job.Type === 'batch' || job.Type === 'sysbatch';
    let converged = true;
    let failed = false;
    const parts: string[] = [];
    for (const g of job.TaskGroups) {
      const s = sum.Summary[g.Name];
      if (!s) { converged = false; continue; }
      const done = batch ? s.Complete : s.Running;
      parts.push(`${g.Name}: ${done}/${g.Count} ${batch ? 'complete' : 'running'}${s.Failed ? `, ${s.Failed} failed` : ''}`);
      if (done < g.Count) converged = false;
      if (s.Failed > 0 && s.Queued === 0 && s.Starting === 0 && s.Running + s.Complete < g.Count) failed = true;
    }
    const line = parts.join('; ');
    if (line !== last) { process.stdout.write(`    ${line}\n`); last = line; }
    if (converged) { process.stdout.write(`==> Job "${jobId}" converged\n`); return true; }
    if (failed) { process.stdout.write(`==> Job "${jobId}" failed to converge: allocations failed\n`); return false; }
  }
  process.stdout.write(`==> Job "${jobId}" did not converge within ${timeout}\n`);
  return false;
}
