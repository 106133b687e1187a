/**
 * waitForConvergence (`job run -wait`): block until every group has its count of allocations
 * running (service) or complete (batch); false when an allocation failed without being
 * replaced, or on timeout. Progress goes to the monitor's live block on a terminal (the group
 * table redrawn in place) and as timestamped lines otherwise.
 */
import type { Connection } from '../env.js';
import { parseDurationMs } from '../../api/duration.js';
import { fetchGroups, groupTable, now } from '../monitor.js';
import type { LiveBlock } from '../output/live.js';

/** waitForConvergence returns true once the job converged. */
export async function waitForConvergence(conn: Connection, jobId: string, timeout: string, ui: LiveBlock): Promise<boolean> {
  const deadline = Date.now() + parseDurationMs(timeout, 'wait-timeout');
  let index = 0;
  let last = '';
  const end = (ok: boolean, msg: string): boolean => {
    ui.finish();
    ui.log(`==> ${now()}: ${msg}`);
    return ok;
  };
  ui.log(`==> ${now()}: Waiting for job "${jobId}" to converge`);
  while (Date.now() < deadline) {
    const groups = await fetchGroups(conn, jobId);
    if (!groups) return end(false, `Job "${jobId}" not found`);
    const { job, summary } = groups;
    const batch = job.Type === 'batch' || job.Type === 'sysbatch';
    let converged = true;
    let failed = false;
    const parts: string[] = [];
    for (const g of job.TaskGroups) {
      const s = summary[g.Name];
      if (!s) { converged = false; continue; }
      const done = batch ? s.Complete : s.Running;
      parts.push(`${g.Name}: ${done}/${g.Count} ${batch ? 'complete' : 'running'}${s.Failed ? `, ${s.Failed} failed` : ''}`);
      if (done < g.Count) converged = false;
      if (s.Failed > 0 && s.Queued === 0 && s.Starting === 0 && s.Running + s.Complete < g.Count) failed = true;
    }
    const text = parts.join('; ');
    if (ui.live) ui.update([`Job "${jobId}": ${text}`, ...groupTable(job, summary)]);
    else if (text !== last) ui.log(`    ${now()}: ${text}`);
    last = text;
    if (converged) return end(true, `Job "${jobId}" converged`);
    if (failed) return end(false, `Job "${jobId}" failed to converge: allocations failed`);
    // wait for the next change of the summary (blocking query), at most 1 s on a terminal
    const { index: idx } = await conn.client.get<unknown>(`/v1/job/${encodeURIComponent(jobId)}/summary`, { query: { namespace: conn.namespace }, index, waitMs: Math.min(ui.live ? 1_000 : 5_000, Math.max(0, deadline - Date.now())) });
    index = idx;
  }
  return end(false, `Job "${jobId}" did not converge within ${timeout}`);
}
