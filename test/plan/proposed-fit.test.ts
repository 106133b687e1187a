/**
 * Differential property: the applier's incremental fit (NodeBaseUsage + proposedFit) agrees
 * with the reference fitsOnNode (server/scheduler/fit.ts) on the same proposed set, including
 * when the base summary was built incrementally across state versions. Fixed seed.
 */
import t from 'tap';
import fc from 'fast-check';
import type { Allocation } from '../../api/structs/index.js';
import { isTerminal } from '../../api/structs/index.js';
import { fitsOnNode } from '../../server/scheduler/fit.js';
import { BaseUsageCache } from '../../server/plan/node-base-usage.js';
import { proposedFit } from '../../server/plan/proposed-fit.js';
import { mockAlloc, mockNode } from '../mock/broker-evals.js';

const allocArb = fc.record({
  cpu: fc.integer({ min: 0, max: 2000 }),
  memoryMB: fc.integer({ min: 0, max: 4000 }),
  diskMB: fc.integer({ min: 0, max: 50_000 }),
  ports: fc.array(fc.constantFrom(22, 80, 8080, 8081), { maxLength: 2 }).map((p) => [...new Set(p)]),
  status: fc.constantFrom('run', 'run', 'run', 'stop', 'complete', 'lost'),
});
type AllocSpec = typeof allocArb extends fc.Arbitrary<infer T> ? T : never;

const build = (spec: AllocSpec, id?: string): Allocation =>
  mockAlloc('n', { cpu: spec.cpu, memoryMB: spec.memoryMB, diskMB: spec.diskMB, ports: spec.ports }, {
    ...(id === undefined ? {} : { ID: id }),
    DesiredStatus: spec.status === 'stop' ? 'stop' : 'run',
    ClientStatus: spec.status === 'complete' ? 'complete' : spec.status === 'lost' ? 'lost' : 'running',
  });

const PORT_PREFIX = /^reserved (node|alloc) port collision/;

t.test('proposedFit agrees with fitsOnNode', async (t) => {
  let runs = 0;
  fc.assert(
    fc.property(
      fc.array(allocArb, { maxLength: 8 }),
      fc.array(allocArb, { maxLength: 4 }),
      fc.array(fc.record({ target: fc.nat(), replacement: fc.option(allocArb, { nil: undefined }) }), { maxLength: 4 }),
      fc.array(fc.record({ target: fc.nat(), replacement: fc.option(allocArb, { nil: undefined }) }), { maxLength: 3 }),
      fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      fc.constantFrom('22', '', '8080'),
      (initial, appended, stateUpdates, changeSpecs, maxAllocs, reservedPorts) => {
        runs++;
        const node = mockNode({ ID: 'n', NodeMaxAllocs: maxAllocs, ReservedResources: { CPU: { CpuShares: 0 }, Memory: { MemoryMB: 0 }, Disk: { DiskMB: 0 }, Networks: { ReservedHostPorts: reservedPorts } } });
        const cache = new BaseUsageCache();
        // State v1, then v2 (appended allocs: incremental fold-in), then v3 (in-place updates:
        // rebuild). The cache must end up equal to a fresh summary of v3.
        let list = initial.map((s) => build(s));
        cache.usageFor(node, list);
        list = [...list, ...appended.map((s) => build(s))];
        cache.usageFor(node, list);
        for (const u of stateUpdates) {
          if (list.length === 0) break;
          const i = u.target % list.length;
          const current = list[i]!;
          list = u.replacement === undefined ? list.filter((_, j) => j !== i) : list.map((a, j) => (j === i ? build(u.replacement!, current.ID) : a));
        }
        const base = cache.usageFor(node, list);

        const live = list.filter((a) => !isTerminal(a));
        const changes = new Map<string, Allocation | undefined>();
        for (const c of changeSpecs) {
          const existing = live.length > 0 && c.target % 2 === 0 ? live[c.target % live.length] : undefined;
          const id = existing?.ID ?? `new-${c.target}`;
          changes.set(id, c.replacement === undefined ? undefined : build(c.replacement, id));
        }
        const proposed = [...live.filter((a) => !changes.has(a.ID)), ...[...changes.values()].filter((a): a is Allocation => a !== undefined)];

        const expected = fitsOnNode(node, proposed);
        const actual = proposedFit(node, base, changes);
        if (expected.fits !== actual.fits) throw new Error(`fits: expected ${expected.fits}, got ${actual.fits} (${actual.fits ? '' : actual.dimension})`);
        if (!expected.fits && !actual.fits) {
          const portCase = PORT_PREFIX.test(expected.dimension) && PORT_PREFIX.test(actual.dimension);
          if (!portCase && expected.dimension !== actual.dimension) throw new Error(`dimension: expected ${expected.dimension}, got ${actual.dimension}`);
        }
        return true;
      },
    ),
    { seed: 20261123, numRuns: 500 },
  );
  t.equal(runs, 500, 'incremental and reference fit agree on every generated case');
});
