import t from 'tap';
import type { Evaluation } from '../../api/structs/index.js';
import { BlockedEvals } from '../../server/broker/blocked-evals.js';
import type { BlockedEntry } from '../../server/broker/blocked-evals.js';
import { EvalBroker } from '../../server/broker/eval-broker.js';
import { FakeClock } from '../mock/broker-clock.js';
import { mockEval } from '../mock/broker-evals.js';

function setup(): { blocked: BlockedEvals; released: BlockedEntry[]; clock: FakeClock } {
  const released: BlockedEntry[] = [];
  const clock = new FakeClock();
  const blocked = new BlockedEvals({ enqueue: (entries) => released.push(...entries), clock });
  blocked.enable();
  return { blocked, released, clock };
}

const ids = (entries: readonly BlockedEntry[]): string[] => entries.map((e) => e.eval.ID).sort();
const blockedEval = (o: Partial<Evaluation>): Evaluation => mockEval({ Status: 'blocked', TriggeredBy: 'queued-allocs', SnapshotIndex: 100, ...o });

t.test('unblock(class) releases captured evals by class eligibility and every escaped eval', async (t) => {
  const cases: Array<{ name: string; eval: Partial<Evaluation>; released: boolean }> = [
    { name: 'eligible for the class is released', eval: { ClassEligibility: { 'v1:a': true } }, released: true },
    { name: 'explicitly ineligible for the class stays blocked', eval: { ClassEligibility: { 'v1:a': false } }, released: false },
    { name: 'never saw the class (absent) is released', eval: { ClassEligibility: { 'v1:b': false } }, released: true },
    { name: 'escaped is released whatever its eligibility', eval: { EscapedComputedClass: true, ClassEligibility: { 'v1:a': false } }, released: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const { blocked, released } = setup();
      const e = blockedEval({ JobID: 'job', ...c.eval });
      blocked.block(e);
      t.equal(blocked.stats().totalBlocked, 1);
      blocked.unblock('v1:a', 200);
      t.equal(released.length === 1, c.released);
      t.equal(blocked.has(e.ID), !c.released);
    });
  }
});

t.test('one blocked eval per job: the older one becomes a duplicate', async (t) => {
  const { blocked } = setup();
  const older = blockedEval({ CreateIndex: 10, SnapshotIndex: 50 });
  const newer = blockedEval({ CreateIndex: 60, SnapshotIndex: 55 });
  blocked.block(older);
  blocked.block(newer);
  t.same(blocked.takeDuplicates().map((e) => e.ID), [older.ID], 'the existing older eval is superseded');
  t.ok(blocked.has(newer.ID));
  const stale = blockedEval({ CreateIndex: 20, SnapshotIndex: 20 });
  blocked.block(stale);
  t.same(blocked.takeDuplicates().map((e) => e.ID), [stale.ID], 'an incoming older eval is itself the duplicate');
  t.ok(blocked.has(newer.ID));
  t.equal(blocked.stats().totalBlocked, 1);
});

t.test('missed unblock: an eval planned before a relevant unblock is released at once', async (t) => {
  const cases: Array<{ name: string; eval: Partial<Evaluation>; missed: boolean }> = [
    { name: 'eligible class unblocked after the snapshot', eval: { SnapshotIndex: 100, ClassEligibility: { 'v1:a': true } }, missed: true },
    { name: 'unseen class unblocked after the snapshot', eval: { SnapshotIndex: 100, ClassEligibility: {} }, missed: true },
    { name: 'ineligible class unblocked after the snapshot', eval: { SnapshotIndex: 100, ClassEligibility: { 'v1:a': false } }, missed: false },
    { name: 'unblock older than the snapshot', eval: { SnapshotIndex: 300, ClassEligibility: { 'v1:a': true } }, missed: false },
    { name: 'escaped and any newer unblock', eval: { SnapshotIndex: 100, EscapedComputedClass: true, ClassEligibility: { 'v1:a': false } }, missed: true },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const { blocked, released } = setup();
      blocked.unblock('v1:a', 200);
      const e = blockedEval({ JobID: 'j', ...c.eval });
      blocked.block(e, 'tok');
      t.equal(released.length, c.missed ? 1 : 0);
      if (c.missed) t.equal(released[0]?.token, 'tok', 'released with its delivery token');
    });
  }
});

t.test('pruneUnblockIndexes forgets old unblocks', async (t) => {
  const { blocked, released, clock } = setup();
  blocked.unblock('v1:a', 200);
  clock.advance(16 * 60_000);
  blocked.pruneUnblockIndexes();
  blocked.block(blockedEval({ SnapshotIndex: 100, ClassEligibility: { 'v1:a': true } }));
  t.equal(released.length, 0, 'no missed unblock once the index is pruned');
});

t.test('unblockNode releases system evals of that node only', async (t) => {
  const { blocked, released } = setup();
  const onA = blockedEval({ JobID: 'sys1', Type: 'system', NodeID: 'node-a' });
  const onB = blockedEval({ JobID: 'sys2', Type: 'system', NodeID: 'node-b' });
  blocked.block(onA);
  blocked.block(onB);
  blocked.unblockNode('node-a');
  t.same(ids(released), [onA.ID]);
  t.ok(blocked.has(onB.ID));
});

t.test('untrack and unblockFailed', async (t) => {
  const { blocked, released } = setup();
  const normal = blockedEval({ JobID: 'a' });
  const exhausted = blockedEval({ JobID: 'b', TriggeredBy: 'max-plan-attempts' });
  const escapedExhausted = blockedEval({ JobID: 'c', TriggeredBy: 'max-plan-attempts', EscapedComputedClass: true });
  for (const e of [normal, exhausted, escapedExhausted]) blocked.block(e);
  blocked.unblockFailed();
  t.same(ids(released), [exhausted.ID, escapedExhausted.ID].sort());
  blocked.untrack('default', 'a');
  t.equal(blocked.stats().totalBlocked, 0, 'untrack dropped the job');
});

t.test('disabled tracker ignores blocks; disable flushes', async (t) => {
  const released: BlockedEntry[] = [];
  const blocked = new BlockedEvals({ enqueue: (e) => released.push(...e), clock: new FakeClock() });
  blocked.block(blockedEval({}));
  t.equal(blocked.stats().totalBlocked, 0);
  blocked.enable();
  blocked.block(blockedEval({}));
  blocked.disable();
  t.equal(blocked.state, 'stopped');
  t.equal(blocked.stats().totalBlocked, 0);
});

t.test('released evals reach the broker, and a reblock while outstanding waits for the ack', async (t) => {
  const clock = new FakeClock();
  const broker = new EvalBroker({ clock });
  broker.enable();
  const blocked = new BlockedEvals({ enqueue: (entries) => broker.enqueueAll(entries), clock });
  blocked.enable();
  const e = mockEval();
  broker.enqueue(e);
  const d = broker.tryDequeue(['service'])!;
  blocked.reblock({ ...e, Status: 'blocked', SnapshotIndex: 5, ClassEligibility: { 'v1:a': true } }, d.token);
  blocked.unblock('v1:a', 50);
  t.equal(broker.stats().totalReady, 0, 'held while the worker still holds the eval');
  broker.ack(e.ID, d.token);
  t.equal(broker.tryDequeue(['service'])?.eval.Status, 'blocked', 'the released blocked eval is delivered after the ack');
});
