/**
 * MetricRecorder fills an AllocMetric while the stack looks for a node: how many nodes were
 * evaluated, which were filtered and why (per node class and per constraint), which were
 * exhausted and on which dimension, and the score breakdown of the best candidates.
 * This is what `alloc status -verbose` / failed placements show to answer "why not here?".
 */
import type { AllocMetric, Node, NodeScoreMeta } from '../../api/structs/index.js';

/** MAX_RETAINED_SCORES is how many top candidates keep their score breakdown (Nomad: 5). */
export const MAX_RETAINED_SCORES = 5;

/** emptyAllocMetric is a zeroed metric. */
export function emptyAllocMetric(): AllocMetric {
  return {
    NodesEvaluated: 0,
    NodesFiltered: 0,
    NodesInPool: 0,
    NodesAvailable: {},
    ClassFiltered: {},
    ConstraintFiltered: {},
    NodesExhausted: 0,
    ClassExhausted: {},
    DimensionExhausted: {},
    QuotaExhausted: [],
    ScoreMetaData: [],
    AllocationTime: 0,
    CoalescedFailures: 0,
  };
}

/** LazyCounts is a string -> count map allocated on first increment (most selects filter
 * nothing or through one class only). */
class LazyCounts {
  private map: Map<string, number> | undefined;
  add(key: string, by = 1): void {
    this.map ??= new Map();
    this.map.set(key, (this.map.get(key) ?? 0) + by);
  }
  toRecord(): Record<string, number> {
    return this.map === undefined ? {} : Object.fromEntries(this.map);
  }
}

/** scoreRecord names recorded scores, leaving out NaN (no score). */
function scoreRecord(names: readonly string[], recorded: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    const v = recorded[i];
    if (v !== undefined && !Number.isNaN(v)) out[names[i] as string] = v;
  }
  return out;
}

/** MetricRecorder accumulates one placement attempt's metric. */
export class MetricRecorder {
  readonly metric: AllocMetric = emptyAllocMetric();
  private readonly scored: NodeScoreMeta[] = [];
  // Counted in maps (cheap on the hot path), copied into the metric's records by finish().
  private readonly classFiltered = new LazyCounts();
  private readonly constraintFiltered = new LazyCounts();
  private readonly classExhausted = new LazyCounts();
  private readonly dimensionExhausted = new LazyCounts();

  constructor(nodesInPool: number, nodesAvailable: Readonly<Record<string, number>>) {
    this.metric.NodesInPool = nodesInPool;
    this.metric.NodesAvailable = { ...nodesAvailable };
  }

  /** evaluateNode counts a node taken from the candidate source. */
  evaluateNode(): void {
    this.metric.NodesEvaluated++;
  }

  /** filterNode records a feasibility rejection under its reason. */
  filterNode(node: Node, reason: string): void {
    this.metric.NodesFiltered++;
    if (node.NodeClass !== '') this.classFiltered.add(node.NodeClass);
    if (reason !== '') this.constraintFiltered.add(reason);
  }

  /** filterNodes records `count` rejections of nodes of one class for one reason (nodes the
   * stack skipped through a memoized class verdict). */
  filterNodes(nodeClass: string, reason: string, count: number): void {
    this.metric.NodesFiltered += count;
    if (nodeClass !== '') this.classFiltered.add(nodeClass, count);
    if (reason !== '') this.constraintFiltered.add(reason, count);
  }

  /** exhaustNode records a feasible node without room, under the exhausted dimension. */
  exhaustNode(node: Node, dimension: string): void {
    this.metric.NodesExhausted++;
    if (node.NodeClass !== '') this.classExhausted.add(node.NodeClass);
    if (dimension !== '') this.dimensionExhausted.add(dimension);
  }

  /** scoreNode records a ranked node's normalized score. Its breakdown (`recorded[i]` is the
   * score of scorer `names[i]`, NaN for none) is only built when the node is among the best
   * MAX_RETAINED_SCORES so far. */
  scoreNode(node: Node, normScore: number, names: readonly string[], recorded: readonly number[]): void {
    // Keep only the best MAX_RETAINED_SCORES, sorted by NormScore descending (insertion).
    const top = this.scored;
    if (top.length === MAX_RETAINED_SCORES && (top[top.length - 1] as NodeScoreMeta).NormScore >= normScore) return;
    let i = top.length;
    while (i > 0 && (top[i - 1] as NodeScoreMeta).NormScore < normScore) i--;
    top.splice(i, 0, { NodeID: node.ID, Scores: scoreRecord(names, recorded), NormScore: normScore });
    if (top.length > MAX_RETAINED_SCORES) top.pop();
  }

  /** finish keeps the best candidates' breakdowns and stamps the elapsed time (ns). */
  finish(allocationTimeNs: number): AllocMetric {
    this.metric.ScoreMetaData = this.scored;
    this.metric.ClassFiltered = this.classFiltered.toRecord();
    this.metric.ConstraintFiltered = this.constraintFiltered.toRecord();
    this.metric.ClassExhausted = this.classExhausted.toRecord();
    this.metric.DimensionExhausted = this.dimensionExhausted.toRecord();
    this.metric.AllocationTime = allocationTimeNs;
    return this.metric;
  }
}
