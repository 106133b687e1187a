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

function inc(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** MetricRecorder accumulates one placement attempt's metric. */
export class MetricRecorder {
  readonly metric: AllocMetric = emptyAllocMetric();
  private readonly scored: NodeScoreMeta[] = [];
  // Counted in maps (cheap on the hot path), copied into the metric's records by finish().
  private readonly classFiltered = new Map<string, number>();
  private readonly constraintFiltered = new Map<string, number>();
  private readonly classExhausted = new Map<string, number>();
  private readonly dimensionExhausted = new Map<string, number>();

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
    if (node.NodeClass !== '') inc(this.classFiltered, node.NodeClass);
    if (reason !== '') inc(this.constraintFiltered, reason);
  }

  /** filterNodes records `count` rejections of nodes of one class for one reason (nodes the
   * stack skipped through a memoized class verdict). */
  filterNodes(nodeClass: string, reason: string, count: number): void {
    this.metric.NodesFiltered += count;
    if (nodeClass !== '') this.classFiltered.set(nodeClass, (this.classFiltered.get(nodeClass) ?? 0) + count);
    if (reason !== '') this.constraintFiltered.set(reason, (this.constraintFiltered.get(reason) ?? 0) + count);
  }

  /** exhaustNode records a feasible node without room, under the exhausted dimension. */
  exhaustNode(node: Node, dimension: string): void {
    this.metric.NodesExhausted++;
    if (node.NodeClass !== '') inc(this.classExhausted, node.NodeClass);
    if (dimension !== '') inc(this.dimensionExhausted, dimension);
  }

  /** scoreNode records a ranked node's score breakdown and normalized score. */
  scoreNode(node: Node, scores: Record<string, number>, normScore: number): void {
    // Keep only the best MAX_RETAINED_SCORES, sorted by NormScore descending (insertion).
    const top = this.scored;
    if (top.length === MAX_RETAINED_SCORES && (top[top.length - 1] as NodeScoreMeta).NormScore >= normScore) return;
    let i = top.length;
    while (i > 0 && (top[i - 1] as NodeScoreMeta).NormScore < normScore) i--;
    top.splice(i, 0, { NodeID: node.ID, Scores: scores, NormScore: normScore });
    if (top.length > MAX_RETAINED_SCORES) top.pop();
  }

  /** finish keeps the best candidates' breakdowns and stamps the elapsed time (ns). */
  finish(allocationTimeNs: number): AllocMetric {
    this.metric.ScoreMetaData = this.scored;
    this.metric.ClassFiltered = Object.fromEntries(this.classFiltered);
    this.metric.ConstraintFiltered = Object.fromEntries(this.constraintFiltered);
    this.metric.ClassExhausted = Object.fromEntries(this.classExhausted);
    this.metric.DimensionExhausted = Object.fromEntries(this.dimensionExhausted);
    this.metric.AllocationTime = allocationTimeNs;
    return this.metric;
  }
}
