/**
 * The generic placement stack: the whole placement policy, read top to bottom.
 *
 *   candidates (ready, eligible, job datacenters + pool), shuffled with a seed from the eval
 *   -> feasibility: job constraints | group drivers, constraints       (memoized per class)
 *                   devices, network mode, host volumes,              (per node)
 *                   distinct_hosts, distinct_property                  (per node, read the plan)
 *   -> resource fit: ports, devices, max allocs, cpu, memory, disk (proposed usage + this alloc)
 *   -> scorers: binpack|spread, job anti-affinity, reschedule penalty, affinity, spread
 *   -> normalize (mean of appended scores) -> limit -> max score
 *
 * One stack serves one evaluation attempt (createSystemPlacementStack: the system variant). The candidate iterator keeps its position across
 * `select` calls (wrapping around), so successive placements continue where the last stopped
 * instead of re-ranking the same first nodes. Every rejection and score lands in the metric.
 */
import { assertNever } from '../../api/errors.js';
import type { Job, Node, TaskGroup } from '../../api/structs/index.js';
import { MetricRecorder } from './alloc-metric.js';
import type { ClassIndex } from './feasible/candidates.js';
import { cachedCandidateNodes, givenCandidates } from './feasible/candidates.js';
import type { ClassVerdict } from './feasible/class-cache.js';
import { ClassVerdictCache } from './feasible/class-cache.js';
import { groupConstraintCheck, jobConstraintCheck } from './feasible/constraint-check.js';
import type { CheckContext, FeasibilityCheck, FilterResult } from './feasible/contracts.js';
import { FEASIBLE, prepareChecks } from './feasible/contracts.js';
import { deviceCheck } from './feasible/device-check.js';
import { distinctHostsCheck } from './feasible/distinct-hosts.js';
import { distinctPropertyCheck } from './feasible/distinct-property.js';
import { driverCheck } from './feasible/driver-check.js';
import { hostVolumeCheck } from './feasible/host-volume-check.js';
import { networkCheck } from './feasible/network-check.js';
import type { Prng } from './feasible/shuffle.js';
import { createPrng, shuffleInPlace, shuffleSeed } from './feasible/shuffle.js';
import { NodeUsageTracker } from './node-usage.js';
import type { PlacementOutcome, PlacementRequest, PlacementStack, PlacementStackOptions } from './placement.js';
import { groupAsk } from './rank/ask.js';
import { binPackScorer } from './rank/bin-pack.js';
import type { PreparedScorer, RankedNode, Scorer } from './rank/contracts.js';
import { prepareScorers } from './rank/contracts.js';
import { jobAntiAffinityScorer } from './rank/job-anti-affinity.js';
import { groupAffinities, nodeAffinityScorer } from './rank/node-affinity.js';
import { reschedulePenaltyScorer } from './rank/reschedule-penalty.js';
import { buildResources, fitGroup } from './rank/resource-fit.js';
import { spreadScorer } from './rank/spread.js';
import { LimitIterator, placementLimit } from './select/limit.js';
import type { OptionSource } from './select/limit.js';
import { maxScore } from './select/max-score.js';
import type { CheckTiers, PreparedGroup } from './prepared-group.js';
import { classKnownToPass, knownIneligible, tiers } from './prepared-group.js';

// Job-level constraints are checked first and memoized per class once for all groups.
const JOB_CHECKS: ReadonlyArray<FeasibilityCheck<unknown>> = [jobConstraintCheck];
// Group checks, cheapest first: drivers rule out whole classes fastest. Constraint and driver
// verdicts are memoized per computed class; device/network read node resources (per node).
const GROUP_CHECKS: ReadonlyArray<FeasibilityCheck<unknown>> = [driverCheck, groupConstraintCheck, deviceCheck, networkCheck];
// Availability checks depend on live claims and the plan so far: never memoized.
const AVAILABILITY_CHECKS: ReadonlyArray<FeasibilityCheck<unknown>> = [hostVolumeCheck, distinctHostsCheck, distinctPropertyCheck];
// Scorers append to a node's scores; the mean is the final score. Fit first (always present).
const SCORERS: ReadonlyArray<Scorer<unknown>> = [binPackScorer, jobAntiAffinityScorer, reschedulePenaltyScorer, nodeAffinityScorer, spreadScorer];

/** StackPolicy is what differs between the generic and the system stack. */
interface StackPolicy {
  /** Shuffle candidates (generic) or visit them in the given order (system). */
  readonly shuffle: boolean;
  readonly scorers: ReadonlyArray<Scorer<unknown>>;
  /** Rank every feasible candidate (system) instead of the power-of-choices limit. */
  readonly unlimited: boolean;
}

const GENERIC_POLICY: StackPolicy = { shuffle: true, scorers: SCORERS, unlimited: false };
// System jobs go on every node: no shuffle, no limit, and only the fit score (Nomad's
// SystemStack has no anti-affinity, penalty, affinity or spread stage).
const SYSTEM_POLICY: StackPolicy = { shuffle: false, scorers: [binPackScorer], unlimited: true };

/** StackTuning are optional knobs beyond the shared options (tests, benchmarks). */
export interface StackTuning {
  /** Monotonic clock in nanoseconds for AllocMetric.AllocationTime (default performance.now). */
  nowNs?: () => number;
}

/** GenericPlacementStack is a PlacementStack that also reports class eligibility (for the
 * blocked evaluation a failed placement creates). */
export interface GenericPlacementStack extends PlacementStack {
  /** Computed class -> could the job's groups run there (from the memoized verdicts). */
  classEligibility(): Record<string, boolean>;
  /** A constraint read unique node fields: class eligibility is not conclusive. */
  hasEscapedConstraints(): boolean;
}

// performance.now() is monotonic with sub-microsecond resolution and, unlike hrtime.bigint(),
// allocates nothing (it runs twice per select).
const defaultNowNs = (): number => Math.round(performance.now() * 1e6);

class GenericStack implements GenericPlacementStack {
  /** Candidates (shared, never mutated), visited in `order` (the seeded permutation). */
  private readonly nodes: readonly Node[];
  private readonly order: Int32Array;
  private readonly classes: ClassIndex;
  private nodesById: Map<string, Node> | undefined;
  private readonly nodesAvailable: Record<string, number>;
  private readonly nodesInPool: number;
  private readonly portRng: Prng;
  private readonly usage: NodeUsageTracker;
  private readonly classCache = new ClassVerdictCache();
  private readonly ctx: CheckContext;
  private readonly groups = new Map<string, PreparedGroup>();
  private jobChecks: CheckTiers | undefined;
  private offset = 0;
  private epoch = 0;
  private readonly nowNs: () => number;

  constructor(private readonly opts: PlacementStackOptions & StackTuning, private readonly policy: StackPolicy) {
    const candidates = opts.nodes === undefined ? cachedCandidateNodes(opts.job, opts.state.nodes()) : givenCandidates(opts.nodes);
    this.nodes = candidates.nodes;
    this.classes = candidates.classes;
    this.order = new Int32Array(this.nodes.length);
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.nodesAvailable = candidates.availableByDatacenter;
    this.nodesInPool = candidates.nodesInPool;
    // Seeded shuffle: spreads load across evaluations, reproducible for post-mortems.
    const seed = shuffleSeed(opts.evalId, opts.snapshotIndex);
    if (policy.shuffle) shuffleInPlace(this.order, createPrng(seed.hi, seed.lo));
    // A separate stream for dynamic ports, so port picks do not perturb the node order.
    this.portRng = createPrng(seed.hi ^ 0x5bd1e995, seed.lo ^ 0x27d4eb2f);
    this.usage = new NodeUsageTracker(opts.state, opts.plan, opts.job);
    this.nowNs = opts.nowNs ?? defaultNowNs;
    this.ctx = { state: opts.state, plan: opts.plan, job: opts.job, usage: this.usage, epoch: () => this.epoch };
  }

  select(req: PlacementRequest): PlacementOutcome {
    const started = this.nowNs();
    this.epoch++; // the plan may have grown since the last call
    const group = this.prepare(req.taskGroup);
    const metric = new MetricRecorder(this.nodesInPool, this.nodesAvailable);
    let best: RankedNode | undefined;
    // A preferred node (sticky disk, same node) is tried alone first.
    const preferred = req.preferredNodeId === undefined ? undefined : this.candidate(req.preferredNodeId);
    if (preferred !== undefined) best = maxScore(new LimitIterator(this.listSource([preferred], group, metric, req), group.limit));
    best ??= maxScore(new LimitIterator(this.rotatingSource(group, metric, req), group.limit));
    this.classCache.flushFiltered((nodeClass, reason, count) => metric.filterNodes(nodeClass, reason, count));
    const result = metric.finish(Math.max(0, this.nowNs() - started));
    if (best === undefined) return { placed: false, metric: result };
    return { placed: true, node: best.node, resources: buildResources(group.ask, best.grant), metric: result };
  }

  private candidate(nodeId: string): Node | undefined {
    this.nodesById ??= new Map(this.nodes.map((n) => [n.ID, n]));
    return this.nodesById.get(nodeId);
  }

  classEligibility(): Record<string, boolean> {
    return this.classCache.classEligibility();
  }

  hasEscapedConstraints(): boolean {
    return this.classCache.hasEscaped();
  }

  private prepare(tg: TaskGroup): PreparedGroup {
    let group = this.groups.get(tg.Name);
    if (group !== undefined) return group;
    const job: Job = this.opts.job;
    this.jobChecks ??= tiers(prepareChecks(JOB_CHECKS, tg, this.ctx));
    const groupChecks = tiers([...prepareChecks(GROUP_CHECKS, tg, this.ctx), ...prepareChecks(AVAILABILITY_CHECKS, tg, this.ctx)]);
    if (this.jobChecks.perNode.some((c) => c.name === 'constraint') || groupChecks.perNode.some((c) => c.name === 'constraint')) {
      this.classCache.markEscaped();
    }
    const ask = groupAsk(tg);
    const hasAffinityOrSpread = groupAffinities(job.Affinities, tg).length > 0 || (job.Spreads?.length ?? 0) + (tg.Spreads?.length ?? 0) > 0;
    const scorers = prepareScorers(this.policy.scorers, tg, { ...this.ctx, ask, algorithm: this.opts.algorithm ?? 'binpack' });
    group = {
      scorers,
      scorerNames: scorers.map((sc) => sc.name),
      jobMemo: this.classCache.memoFor('job'),
      groupMemo: this.classCache.memoFor(`group:${tg.Name}`),
      groupMemoSkippable: this.jobChecks.perNode.length === 0,
      jobSlots: new Array<ClassVerdict | undefined>(this.classes.names.length),
      groupSlots: new Array<ClassVerdict | undefined>(this.classes.names.length),
      checks: groupChecks,
      ask,
      limit: this.policy.unlimited ? Number.POSITIVE_INFINITY
        : placementLimit({ batch: this.opts.batch, nodeCount: this.nodes.length, groupCount: tg.Count, hasAffinityOrSpread }),
    };
    this.groups.set(tg.Name, group);
    return group;
  }

  /** rotatingSource visits every candidate at most once, starting where the last select stopped. */
  private rotatingSource(group: PreparedGroup, metric: MetricRecorder, req: PlacementRequest): OptionSource {
    let visited = 0;
    return {
      next: () => {
        const n = this.nodes.length;
        const { ids, names } = this.classes;
        while (visited < n) {
          const index = this.order[this.offset] as number;
          this.offset = this.offset + 1 === n ? 0 : this.offset + 1;
          visited++;
          // Fast skip: a node whose class is already known ineligible costs two typed-array
          // reads; the memo entry counts it and the counts are flushed into the metric after
          // the select. The node record itself is not touched.
          const cls = ids[index] as number;
          if (cls >= 0) {
            const verdict = knownIneligible(group, cls, names[cls] as string);
            if (verdict !== undefined) {
              metric.metric.NodesEvaluated++;
              verdict.pendingFiltered++;
              continue;
            }
          }
          const node = this.nodes[index] as Node;
          const option = this.evaluate(node, group, metric, req, index, cls >= 0 && classKnownToPass(group, cls));
          if (option !== undefined) return option;
        }
        return undefined;
      },
    };
  }

  private listSource(list: readonly Node[], group: PreparedGroup, metric: MetricRecorder, req: PlacementRequest): OptionSource {
    let i = 0;
    return {
      next: () => {
        while (i < list.length) {
          const option = this.evaluate(list[i++] as Node, group, metric, req);
          if (option !== undefined) return option;
        }
        return undefined;
      },
    };
  }

  /** evaluate runs one node through feasibility, fit and scoring; undefined when rejected. */
  private evaluate(node: Node, group: PreparedGroup, metric: MetricRecorder, req: PlacementRequest, candidateIndex?: number, classPassed = false): RankedNode | undefined {
    metric.evaluateNode();
    const verdict = this.feasible(node, group, classPassed);
    if (!verdict.ok) {
      metric.filterNode(node, verdict.reason);
      return undefined;
    }
    const usage = this.usage.usage(node, candidateIndex);
    const fit = fitGroup(node, usage, group.ask, this.portRng);
    if (!fit.ok) {
      metric.exhaustNode(node, fit.dimension);
      return undefined;
    }
    const option: RankedNode = { node, usage, grant: fit.grant, recorded: new Array<number>(group.scorers.length), finalScore: 0 };
    // Normalization: the final score is the mean of the appended scores (rank/normalize.ts).
    let sum = 0;
    let appended = 0;
    for (let i = 0; i < group.scorers.length; i++) {
      const outcome = (group.scorers[i] as PreparedScorer).score(option, req);
      switch (outcome.kind) {
        case 'score':
          sum += outcome.value;
          appended++;
          option.recorded[i] = outcome.value;
          break;
        case 'neutral':
          option.recorded[i] = 0;
          break;
        case 'none':
          option.recorded[i] = Number.NaN;
          break;
        default:
          assertNever(outcome, 'score outcome');
      }
    }
    option.finalScore = appended === 0 ? 0 : sum / appended;
    metric.scoreNode(node, option.finalScore, group.scorerNames, option.recorded);
    return option;
  }

  /** feasible runs the checks; `classPassed`: both class verdicts are already known to pass. */
  private feasible(node: Node, group: PreparedGroup, classPassed: boolean): FilterResult {
    const job = this.jobChecks as CheckTiers;
    let r: FilterResult = FEASIBLE;
    if (!classPassed && !(r = this.classCache.verdictIn(group.jobMemo, node, job.perClass)).ok) return r;
    for (const c of job.perNode) if (!(r = c.run(node)).ok) return r;
    if (!classPassed && !(r = this.classCache.verdictIn(group.groupMemo, node, group.checks.perClass)).ok) return r;
    for (const c of group.checks.perNode) if (!(r = c.run(node)).ok) return r;
    return r;
  }
}

/**
 * createPlacementStack builds the generic (service/batch) stack for one evaluation attempt.
 * See server/scheduler/placement.ts for the contract and contributing/scheduler-placement.md.
 */
export function createPlacementStack(opts: PlacementStackOptions & StackTuning): GenericPlacementStack {
  return new GenericStack(opts, GENERIC_POLICY);
}

/**
 * createSystemPlacementStack builds the system/sysbatch stack: same feasibility and fit, nodes
 * visited in the given order (usually the one node being considered), every feasible node
 * ranked, binpack score only.
 */
export function createSystemPlacementStack(opts: PlacementStackOptions & StackTuning): GenericPlacementStack {
  return new GenericStack(opts, SYSTEM_POLICY);
}
