/**
 * Limit, max-score selection and the seeded shuffle.
 */
import t from 'tap';
import type { RankedNode } from '../../server/scheduler/rank/contracts.js';
import { LimitIterator, placementLimit } from '../../server/scheduler/select/limit.js';
import type { OptionSource } from '../../server/scheduler/select/limit.js';
import { maxScore } from '../../server/scheduler/select/max-score.js';
import { createPrng, shuffleInPlace, shuffleSeed } from '../../server/scheduler/feasible/shuffle.js';
import { stackNode } from '../mock/stack-fixtures.js';

function options(scores: number[]): RankedNode[] {
  return scores.map((s, i) => ({ node: stackNode({ ID: `n${i}` }), usage: undefined as never, grant: undefined, recorded: [], finalScore: s }));
}

function source(list: RankedNode[]): OptionSource & { pulled: number } {
  let i = 0;
  const src = { pulled: 0, next: (): RankedNode | undefined => { if (i >= list.length) return undefined; src.pulled++; return list[i++]; } };
  return src;
}

function drain(it: OptionSource): string[] {
  const out: string[] = [];
  for (let o = it.next(); o !== undefined; o = it.next()) out.push(o.node.ID);
  return out;
}

t.test('placement limit', async (t) => {
  const rows: Array<[string, Parameters<typeof placementLimit>[0], number]> = [
    ['service, 5000 nodes: ceil(log2 N)', { batch: false, nodeCount: 5000, groupCount: 10, hasAffinityOrSpread: false }, 13],
    ['service, 3 nodes: at least 2', { batch: false, nodeCount: 3, groupCount: 10, hasAffinityOrSpread: false }, 2],
    ['service, 1 node', { batch: false, nodeCount: 1, groupCount: 1, hasAffinityOrSpread: false }, 2],
    ['batch: power of two choices', { batch: true, nodeCount: 5000, groupCount: 10, hasAffinityOrSpread: false }, 2],
    ['affinity or spread: max(count, 100)', { batch: false, nodeCount: 5000, groupCount: 10, hasAffinityOrSpread: true }, 100],
    ['affinity with a large group', { batch: true, nodeCount: 5000, groupCount: 250, hasAffinityOrSpread: true }, 250],
  ];
  for (const [name, opts, want] of rows) t.equal(placementLimit(opts), want, name);
});

t.test('limit iterator', async (t) => {
  const src = source(options([0.5, 0.4, 0.3, 0.2]));
  t.same(drain(new LimitIterator(src, 2)), ['n0', 'n1'], 'stops at the limit');
  t.equal(src.pulled, 2, 'does not pull beyond the limit (lazy)');
  t.same(drain(new LimitIterator(source(options([0, -0.1, 0.5, 0.4])), 2)), ['n2', 'n3'], 'skips non-positive scores while better ones come');
  t.same(drain(new LimitIterator(source(options([0, -1, -2, -3, 0.9])), 2)), ['n3', 'n4'], 'skips at most 3');
  t.same(drain(new LimitIterator(source(options([0, -1, 0.7])), 3)), ['n2', 'n0', 'n1'], 'skipped options are used when the source runs out');
});

t.test('max score keeps the first of equals', async (t) => {
  t.equal(maxScore(source(options([0.1, 0.7, 0.3, 0.7])))?.node.ID, 'n1');
  t.equal(maxScore(source([])), undefined);
});

t.test('seeded shuffle is deterministic and depends on eval ID and index', async (t) => {
  const ids = Array.from({ length: 100 }, (_, i) => i);
  const shuffled = (evalId: string, index: number): number[] => {
    const s = shuffleSeed(evalId, index);
    const list = [...ids];
    shuffleInPlace(list, createPrng(s.hi, s.lo));
    return list;
  };
  const a = shuffled('9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99', 10);
  t.same(a, shuffled('9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99', 10), 'same inputs, same order');
  t.not(a.join(), shuffled('9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99', 26).join(), 'a new snapshot index reshuffles');
  // Like Nomad, the seed is (id ^ index) >> 2: indexes differing only in the two low bits
  // share an order.
  t.same(a, shuffled('9a0f1c2e-5b7d-4e3f-8a21-6c4d2b1e0f99', 11));
  t.not(a.join(), shuffled('00000000-5b7d-4e3f-8a21-000000000001', 10).join(), 'another eval reshuffles');
  t.same([...a].sort((x, y) => x - y), ids, 'a permutation');
  t.not(a.join(), ids.join(), 'actually shuffled');
  const rng = createPrng(1, 2);
  for (let i = 0; i < 1000; i++) {
    const n = rng.int(7);
    if (n < 0 || n >= 7 || !Number.isInteger(n)) t.fail(`int out of range: ${n}`);
  }
});
