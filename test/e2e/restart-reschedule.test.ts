/**
 * A crashing task through the whole system: the client restarts it per its restart policy, then
 * the allocation fails, the server creates an `alloc-failure` evaluation, and the scheduler
 * places a replacement per the reschedule policy until its attempts are used up.
 */
import t from 'tap';
import { HttpClient } from '../../api/http-client.js';
import type { Allocation } from '../../api/structs/index.js';
import { startDevAgent, waitFor } from '../support/agent.js';

const SECOND = 1_000_000_000;

t.test('crash -> restarts -> failed -> rescheduled, per the policies', async (t) => {
  const agent = await startDevAgent(t);
  const api = new HttpClient({ address: agent.address });
  const job = {
    ID: 'crasher', Name: 'crasher', Type: 'service', Datacenters: ['*'],
    TaskGroups: [{
      Name: 'g', Count: 1,
      RestartPolicy: { Attempts: 1, Interval: 600 * SECOND, Delay: 1 * SECOND, Mode: 'fail' },
      ReschedulePolicy: { Attempts: 1, Interval: 3600 * SECOND, Delay: 5 * SECOND, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false },
      Tasks: [{ Name: 't', Driver: 'raw_exec', Config: { command: '/bin/sh', args: ['-c', 'echo crashing; exit 3'] }, Resources: { CPU: 50, MemoryMB: 32 } }],
    }],
  };
  const reg = await api.put<{ EvalID: string }>('/v1/jobs', { Job: job });
  t.ok(reg.value.EvalID);

  const allocs = async (): Promise<Array<Allocation>> => {
    const stubs = (await api.get<Array<{ ID: string }>>('/v1/job/crasher/allocations')).value;
    return Promise.all(stubs.map(async (s) => (await api.get<Allocation>(`/v1/allocation/${s.ID}`)).value));
  };
  // Two allocations (the original and one reschedule), both failed, then nothing more.
  const failed = await waitFor(async () => {
    const all = await allocs();
    return all.length === 2 && all.every((a) => a.ClientStatus === 'failed') ? all : undefined;
  }, 'original and rescheduled allocation both failed', 90_000);

  const first = failed.find((a) => !a.PreviousAllocation)!;
  const second = failed.find((a) => a.PreviousAllocation)!;
  t.ok(first && second, 'one allocation replaces the other');
  t.equal(second.PreviousAllocation, first.ID, 'the replacement points at the failed allocation');
  t.equal(first.TaskStates?.t?.Restarts, 1, 'the task was restarted once (restart attempts = 1) before the allocation failed');
  const events = first.TaskStates?.t?.Events.map((e) => e.Type) ?? [];
  t.ok(events.includes('Restarting'), `task events include Restarting (${events.join(', ')})`);
  t.ok(events.includes('Not Restarting'), 'task events include Not Restarting');
  t.equal(second.RescheduleTracker?.Events.length, 1, 'the reschedule is tracked');

  // Both failures create an alloc-failure eval; once both are processed, the second one must
  // not have placed anything: reschedule attempts (1) are used up.
  const evals = await waitFor(async () => {
    const list = (await api.get<Array<{ TriggeredBy: string; Status: string }>>('/v1/job/crasher/evaluations')).value;
    const failures = list.filter((e) => e.TriggeredBy === 'alloc-failure');
    return failures.length === 2 && failures.every((e) => e.Status === 'complete') ? list : undefined;
  }, 'both alloc-failure evaluations processed', 60_000);
  t.ok(evals.some((e) => e.TriggeredBy === 'alloc-failure'), 'the failures created alloc-failure evaluations');
  const all = await allocs();
  t.equal(all.length, 2, 'no further reschedule after the attempts are used up');
});
