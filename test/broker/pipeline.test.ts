/**
 * End-to-end (in memory): evals flow through the broker to racing workers that plan on stale
 * views, submit through submitPlan to the plan applier, retry on RefreshIndex, block when the
 * cluster is full, and are released by BlockedEvals when capacity frees up.
 */
import t from 'tap';
import type { Allocation, Evaluation, Plan } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import { BlockedEvals } from '../../server/broker/blocked-evals.js';
import type { Delivery } from '../../server/broker/broker-types.js';
import { EvalBroker } from '../../server/broker/eval-broker.js';
import { PlanApplier } from '../../server/plan/applier.js';
import { PlanQueue } from '../../server/plan/plan-queue.js';
import { submitPlan } from '../../server/plan/submit-plan.js';
import { FakeClock } from '../mock/broker-clock.js';
import { mockAlloc, mockEval, mockNode, mockPlan } from '../mock/broker-evals.js';
import { MemPlanState, until } from '../mock/broker-state.js';

const CLASS = 'v1:class-a';
const JOBS = [
  { id: 'a', count: 4, cpu: 1000 },
  { id: 'b', count: 4, cpu: 1000 },
  { id: 'c', count: 6, cpu: 1000 },
];

t.test('racing workers fill the cluster without overcommit; freed capacity unblocks the rest', async (t) => {
  const state = new MemPlanState(['n1', 'n2', 'n3'].map((id) => mockNode({ ID: id, ComputedClass: CLASS })));
  const clock = new FakeClock();
  const broker = new EvalBroker({ clock });
  const blocked = new BlockedEvals({ enqueue: (entries) => broker.enqueueAll(entries), clock });
  const plans = new PlanQueue();
  const applier = new PlanApplier({ queue: plans, getState: () => state, commit: state.commit });
  broker.enable();
  blocked.enable();
  plans.enable();
  applier.start();
  let rejections = 0;
  let evalSeq = 0;

  const liveOfJob = (jobId: string): Allocation[] => state.allAllocs().filter((a) => a.JobID === jobId && !isTerminal(a));

  /** schedule is a toy scheduler: place missing allocs on the freest nodes of a stale view. */
  async function schedule(d: Delivery): Promise<void> {
    const job = JOBS.find((j) => j.id === d.eval.JobID)!;
    for (let attempt = 0; attempt < 5; attempt++) {
      const snapshotIndex = state.index;
      const free = new Map(['n1', 'n2', 'n3'].map((n) => [n, 4000 - state.allocsByNode(n).filter((a) => !isTerminal(a)).reduce((s, a) => s + a.AllocatedResources.Tasks['web']!.Cpu.CpuShares, 0)]));
      const missing = job.count - liveOfJob(job.id).length;
      if (missing <= 0) return;
      const plan: Plan = mockPlan({ EvalID: d.eval.ID, EvalToken: d.token, JobID: job.id, SnapshotIndex: snapshotIndex });
      let placed = 0;
      for (let i = 0; i < missing; i++) {
        const node = [...free].sort((x, y) => y[1] - x[1])[0]!;
        if (node[1] < job.cpu) break;
        free.set(node[0], node[1] - job.cpu);
        (plan.NodeAllocation[node[0]] ??= []).push(mockAlloc(node[0], { cpu: job.cpu }, { JobID: job.id }));
        placed++;
      }
      if (placed > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve)); // let other workers plan on the same view
        const result = await submitPlan(broker, plans, plan);
        if (result.RejectedNodes.length > 0) {
          rejections++;
          continue; // refresh (our state is read live) and retry
        }
        if (placed === missing) return;
      }
      const blockedEval: Evaluation = mockEval({ ID: `blocked-${++evalSeq}`, JobID: job.id, Status: 'blocked', TriggeredBy: 'queued-allocs', PreviousEval: d.eval.ID, SnapshotIndex: snapshotIndex, ClassEligibility: { [CLASS]: true }, CreateIndex: state.index, ModifyIndex: state.index });
      blocked.block(blockedEval);
      return;
    }
  }

  const ac = new AbortController();
  const workers = [1, 2, 3].map(async () => {
    for (;;) {
      const d = await broker.dequeue(['service'], 0, ac.signal).catch(() => undefined);
      if (d === undefined) return;
      await schedule(d);
      broker.ack(d.eval.ID, d.token);
    }
  });
  t.teardown(async () => {
    ac.abort();
    await Promise.all(workers);
    plans.disable();
    await applier.stop();
  });
  const idle = (): boolean => {
    const s = broker.stats();
    return s.totalReady === 0 && s.totalUnacked === 0 && s.totalPending === 0 && plans.stats().depth === 0;
  };

  for (const job of JOBS) broker.enqueue(mockEval({ JobID: job.id, CreateIndex: state.index, ModifyIndex: state.index }));
  await until(idle, 'first round scheduled');
  const cpuOn = (n: string): number => state.allocsByNode(n).filter((a) => !isTerminal(a)).reduce((s, a) => s + a.AllocatedResources.Tasks['web']!.Cpu.CpuShares, 0);
  for (const n of ['n1', 'n2', 'n3']) t.ok(cpuOn(n) <= 4000, `node ${n} is not overcommitted (${cpuOn(n)} MHz)`);
  const placedFirst = JOBS.reduce((s, j) => s + liveOfJob(j.id).length, 0);
  t.equal(placedFirst, 12, 'the cluster (3 x 4 slots) is full');
  t.ok(blocked.stats().totalBlocked >= 1, 'jobs that did not fit are blocked');
  t.comment(`plan rejections from racing workers: ${rejections}`);

  // Job a is stopped by its clients: capacity frees up and an unblock releases the blocked evals.
  for (const a of liveOfJob('a')) state.upsertAlloc({ ...a, ClientStatus: 'complete' });
  JOBS[0]!.count = 0;
  blocked.unblock(CLASS, state.index);
  await until(() => idle() && blocked.stats().totalBlocked === 0, 'blocked evals rescheduled');
  t.equal(liveOfJob('b').length + liveOfJob('c').length, 10, 'jobs b and c are now fully placed');
  for (const n of ['n1', 'n2', 'n3']) t.ok(cpuOn(n) <= 4000, `node ${n} still not overcommitted`);
});
