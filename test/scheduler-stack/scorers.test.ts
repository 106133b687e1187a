/**
 * Scorers with Nomad's exact formulas: binpack/spread fitness, job anti-affinity, reschedule
 * penalty, node affinity, spread blocks (targets and even spread), score normalization.
 */
import t from 'tap';
import type { Job, Node, TaskGroup } from '../../api/structs/index.js';
import type { CheckContext } from '../../server/scheduler/feasible/contracts.js';
import { NodeUsageTracker } from '../../server/scheduler/node-usage.js';
import type { PlanView } from '../../server/scheduler/placement.js';
import { groupAsk } from '../../server/scheduler/rank/ask.js';
import { binPackScorer, fitTotal, scoreFitBinPack, scoreFitSpread } from '../../server/scheduler/rank/bin-pack.js';
import type { RankedNode, ScoreOutcome, Scorer } from '../../server/scheduler/rank/contracts.js';
import { prepareScorers } from '../../server/scheduler/rank/contracts.js';
import { jobAntiAffinityPenalty, jobAntiAffinityScorer } from '../../server/scheduler/rank/job-anti-affinity.js';
import { nodeAffinityScorer } from '../../server/scheduler/rank/node-affinity.js';
import { RunningMean, normalizeScores } from '../../server/scheduler/rank/normalize.js';
import { reschedulePenaltyScorer } from '../../server/scheduler/rank/reschedule-penalty.js';
import { desiredCounts, evenSpreadBoost, spreadScorer, targetedSpreadBoost } from '../../server/scheduler/rank/spread.js';
import { GrowingPlan, StackState, grant, stackAlloc, stackGroup, stackJob, stackNode } from '../mock/stack-fixtures.js';

const close = (t: { ok(value: unknown, message: string): unknown }, got: number, want: number, msg: string): void => {
  t.ok(Math.abs(got - want) < 1e-9, `${msg}: got ${got}, want ${want}`);
};

function scoreWith(scorer: Scorer<unknown>, job: Job, tg: TaskGroup, node: Node, opts: { state?: StackState; plan?: PlanView; penalty?: Set<string>; algorithm?: 'binpack' | 'spread' } = {}): ScoreOutcome | 'n/a' {
  const state = opts.state ?? new StackState([node], [job]);
  const plan = opts.plan ?? new GrowingPlan();
  const usage = new NodeUsageTracker(state, plan, job);
  const ctx: CheckContext = { state, plan, job, usage, epoch: () => 1 };
  const [prepared] = prepareScorers([scorer], tg, { ...ctx, ask: groupAsk(tg), algorithm: opts.algorithm ?? 'binpack' });
  if (prepared === undefined) return 'n/a';
  const option: RankedNode = { node, usage: usage.usage(node), grant: undefined, recorded: [], finalScore: 0 };
  return prepared.score(option, { taskGroup: tg, ...(opts.penalty ? { penaltyNodeIds: opts.penalty } : {}) });
}

const valueOf = (o: ScoreOutcome | 'n/a'): number | string => (o === 'n/a' ? 'n/a' : o.kind === 'score' ? o.value : o.kind);

t.test('fitness formulas', async (t) => {
  const rows: Array<[string, number, number, number]> = [
    // name, total, binpack fitness, spread fitness
    ['empty node', fitTotal(0, 1000, 0, 1000), 0, 18],
    ['full node', fitTotal(1000, 1000, 1000, 1000), 18, 0],
    ['half used', fitTotal(500, 1000, 500, 1000), 20 - 2 * Math.sqrt(10), 2 * Math.sqrt(10) - 2],
    ['overcommitted clamps', fitTotal(2000, 1000, 2000, 1000), 18, 0],
  ];
  for (const [name, total, bin, spread] of rows) {
    close(t, scoreFitBinPack(total), bin, `${name} binpack`);
    close(t, scoreFitSpread(total), spread, `${name} spread`);
  }
});

t.test('binpack scorer on the mock node: (20 - (10^freeCpu + 10^freeMem)) / 18', async (t) => {
  const job = stackJob();
  const node = stackNode();
  const tg = stackGroup();
  const freeCpu = 1 - 500 / 13900;
  const freeMem = 1 - 256 / 7936;
  const total = 10 ** freeCpu + 10 ** freeMem;
  close(t, valueOf(scoreWith(binPackScorer, job, tg, node)) as number, (20 - total) / 18, 'binpack');
  close(t, valueOf(scoreWith(binPackScorer, job, tg, node, { algorithm: 'spread' })) as number, (total - 2) / 18, 'spread algorithm');
  // With 6950 MHz / 3968 MB already used the node is half full after this alloc too.
  const state = new StackState([node], [job]);
  state.addAllocs([stackAlloc(stackJob({ ID: 'other' }), node, grant(6950 - 500, 3968 - 256))]);
  close(t, valueOf(scoreWith(binPackScorer, job, tg, node, { state })) as number, (20 - 2 * Math.sqrt(10)) / 18, 'half-full node');
});

t.test('job anti-affinity: -(collisions + 1) / count, neutral without collisions', async (t) => {
  close(t, jobAntiAffinityPenalty(2, 10), -0.3, 'formula');
  const job = stackJob();
  const node = stackNode();
  const tg = stackGroup();
  t.equal(valueOf(scoreWith(jobAntiAffinityScorer, job, tg, node)), 'neutral');
  const plan = new GrowingPlan();
  plan.place(stackAlloc(job, node, grant(500, 256)));
  plan.place(stackAlloc(job, node, grant(500, 256)));
  close(t, valueOf(scoreWith(jobAntiAffinityScorer, job, tg, node, { plan })) as number, -0.3, 'two planned collisions, count 10');
  const other = stackJob({ ID: 'other' });
  const plan2 = new GrowingPlan();
  plan2.place(stackAlloc(other, node, grant(500, 256)));
  t.equal(valueOf(scoreWith(jobAntiAffinityScorer, job, tg, node, { plan: plan2 })), 'neutral', 'other jobs do not collide');
});

t.test('reschedule penalty: -1 on penalized nodes', async (t) => {
  const node = stackNode();
  t.equal(valueOf(scoreWith(reschedulePenaltyScorer, stackJob(), stackGroup(), node, { penalty: new Set([node.ID]) })), -1);
  t.equal(valueOf(scoreWith(reschedulePenaltyScorer, stackJob(), stackGroup(), node, { penalty: new Set(['other']) })), 'neutral');
});

t.test('node affinity: matching weights over total absolute weight', async (t) => {
  const job = stackJob({ Affinities: [{ LTarget: '${attr.kernel.name}', RTarget: 'linux', Operand: '=', Weight: 50 }] });
  const tg = stackGroup({ Affinities: [{ LTarget: '${meta.rack}', RTarget: 'r1', Operand: '=', Weight: -25 }] });
  const rows: Array<[string, Node, number | string]> = [
    ['both match', stackNode({ Meta: { rack: 'r1' } }), 25 / 75],
    ['only the job affinity', stackNode({ Meta: { rack: 'r2' } }), 50 / 75],
    ['only the negative one', stackNode({ Meta: { rack: 'r1' }, Attributes: { 'kernel.name': 'darwin' } }), -25 / 75],
    ['none: not appended', stackNode({ Meta: {}, Attributes: {} }), 'none'],
  ];
  for (const [name, node, want] of rows) {
    const got = valueOf(scoreWith(nodeAffinityScorer, job, tg, node));
    if (typeof want === 'number') close(t, got as number, want, name);
    else t.equal(got, want, name);
  }
  t.equal(scoreWith(nodeAffinityScorer, stackJob(), stackGroup(), stackNode()), 'n/a', 'no affinities: scorer not prepared');
});

t.test('even spread boost (Nomad evenSpreadScoreBoost)', async (t) => {
  const counts = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));
  const rows: Array<[string, Map<string, number>, string | undefined, number]> = [
    ['nothing placed yet', counts({}), 'a', 0],
    ['node lacks the attribute', counts({ a: 1 }), undefined, -1],
    ['value below the minimum (unused)', counts({ a: 2, b: 1 }), 'c', 1],
    ['value above the minimum', counts({ a: 3, b: 1 }), 'a', -2],
    ['value at the minimum, uneven', counts({ a: 3, b: 1 }), 'b', 2],
    ['perfectly even', counts({ a: 2, b: 2 }), 'a', -1],
  ];
  for (const [name, c, value, want] of rows) close(t, evenSpreadBoost(c, value), want, name);
});

t.test('targeted spread boost and desired counts', async (t) => {
  const d = desiredCounts({ Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: [{ Value: 'dc1', Percent: 70 }, { Value: 'dc2', Percent: 30 }] }, 10);
  t.same([...d], [['dc1', 7], ['dc2', 3]]);
  const partial = desiredCounts({ Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: [{ Value: 'dc1', Percent: 50 }] }, 10);
  t.same([...partial], [['dc1', 5], ['*', 5]], 'the remainder goes to the implicit target');
  close(t, targetedSpreadBoost(d, 'dc1', 3, 1), (7 - 3) / 7, 'under target');
  close(t, targetedSpreadBoost(d, 'dc2', 4, 0.5), ((3 - 4) / 3) * 0.5, 'over target, half weight');
  close(t, targetedSpreadBoost(d, 'dc3', 1, 1), -1, 'no target for the value');
  close(t, targetedSpreadBoost(partial, 'dc9', 1, 1), (5 - 1) / 5, 'implicit target');
});

t.test('spread scorer counts the group allocations per value, including the plan', async (t) => {
  const dc1 = stackNode({ Datacenter: 'dc1' });
  const dc2 = stackNode({ Datacenter: 'dc2' });
  const job = stackJob({ Datacenters: ['dc1', 'dc2'] });
  const tg = stackGroup({ Spreads: [{ Attribute: '${node.datacenter}', Weight: 100, SpreadTarget: [{ Value: 'dc1', Percent: 50 }, { Value: 'dc2', Percent: 50 }] }] });
  const state = new StackState([dc1, dc2], [job]);
  state.addAllocs([stackAlloc(job, dc1, grant(100, 100)), stackAlloc(job, dc1, grant(100, 100))]);
  const plan = new GrowingPlan();
  plan.place(stackAlloc(job, dc1, grant(100, 100)));
  // dc1: 3 used (+1 for this placement = 4) of 5 desired; dc2: 0 (+1) of 5.
  close(t, valueOf(scoreWith(spreadScorer, job, tg, dc1, { state, plan })) as number, (5 - 4) / 5, 'dc1');
  close(t, valueOf(scoreWith(spreadScorer, job, tg, dc2, { state, plan })) as number, (5 - 1) / 5, 'dc2');
  const even = stackGroup({ Spreads: [{ Attribute: '${node.datacenter}', Weight: 50, SpreadTarget: [] }] });
  close(t, valueOf(scoreWith(spreadScorer, job, even, dc2, { state, plan })) as number, 1, 'even spread: dc2 is below the minimum');
  close(t, valueOf(scoreWith(spreadScorer, job, even, dc1, { state, plan })) as number, -1, 'even spread: dc1 holds everything');
});

t.test('normalization is the mean of appended scores', async (t) => {
  t.equal(normalizeScores([]), 0);
  close(t, normalizeScores([0.5, -1, 0.2]), -0.1, 'mean');
  const m = new RunningMean();
  [0.5, -1, 0.2].forEach((s) => m.add(s));
  close(t, m.value(), -0.1, 'running mean');
});
