import t from 'tap';
import fc from 'fast-check';
import { isDroverError } from '../../api/errors.js';
import type { JsonObject, JsonValue } from '../../jobspecs/schema/spec.js';
import { canonicalizeJob, diffJobs, parseJobspec, submittedAsJson, validateJob, validateJobJson } from '../../jobspecs/index.js';
import { corpusInputs } from './corpus-files.js';

const SEED = 20261123;
const RUNS = 2000;

/** Valid submitted jobs from the corpus: the seeds that mutations start from. */
const seeds: JsonObject[] = corpusInputs('valid').map((input) => submittedAsJson(parseJobspec(input.source, { filename: input.file })));

/** pathsOf lists every container path of a JSON value (where a mutation can land). */
function pathsOf(v: JsonValue, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

type Mutation = { kind: 'replace'; value: JsonValue } | { kind: 'delete' } | { kind: 'rename'; suffix: string };

function mutate(job: JsonObject, path: Array<string | number>, mutation: Mutation): JsonValue {
  const copy = structuredClone(job) as JsonValue;
  if (path.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  let parent: JsonValue = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, JsonValue>)[key] ?? null;
  const last = path[path.length - 1]!;
  if (parent === null || typeof parent !== 'object') return copy;
  const container = parent as Record<string | number, JsonValue>;
  switch (mutation.kind) {
    case 'replace':
      container[last] = mutation.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete container[last];
      break;
    case 'rename':
      if (!Array.isArray(parent)) {
        container[`${String(last)}${mutation.suffix}`] = container[last] ?? null;
        delete container[last];
      }
      break;
  }
  return copy;
}

/** exercise runs the whole JSON pipeline; returns 'ok' or 'rejected', throws only on a bug. */
function exercise(body: JsonValue): 'ok' | 'rejected' {
  const result = validateJobJson(body);
  if (!result.ok) {
    for (const e of result.errors) if (typeof e.path !== 'string' || e.path === '' || typeof e.message !== 'string') throw new Error(`unlocated error ${JSON.stringify(e)}`);
    return 'rejected';
  }
  const canonical = canonicalizeJob(result.job);
  validateJob(canonical);
  diffJobs(undefined, canonical);
  diffJobs(canonical, canonicalizeJob(result.job));
  return 'ok';
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue> }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('rename' as const), suffix: fc.constantFrom('s', 'x', '_', '') }),
);

t.test('mutated corpus jobs are always accepted or rejected with located errors, never crash', async (t) => {
  t.ok(seeds.length >= 35, `${seeds.length} seed jobs`);
  const started = process.hrtime.bigint();
  let accepted = 0;
  fc.assert(
    fc.property(fc.nat(), fc.nat(), mutationArb, (seedIndex, pathIndex, mutation) => {
      const job = seeds[seedIndex % seeds.length]!;
      const paths = pathsOf(job);
      const body = mutate(job, paths[pathIndex % paths.length]!, mutation);
      if (exercise({ Job: body }) === 'ok') accepted++;
    }),
    { seed: SEED, numRuns: RUNS },
  );
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  t.ok(accepted > 0 && accepted < RUNS, `${accepted}/${RUNS} mutated jobs still valid`);
  t.ok(elapsedMs < 30000, `bounded time: ${elapsedMs.toFixed(0)} ms for ${RUNS} cases`);
});

t.test('random JSON bodies never crash the validator', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
      exercise(value as JsonValue);
      exercise({ Job: value as JsonValue });
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.pass('no crash');
});

t.test('parseJobspec on random text throws only located DroverErrors', async (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 200 }).map((s) => `{${s}`)), (text) => {
      try {
        parseJobspec(text, { filename: 'fuzz.json', format: 'json' });
      } catch (e) {
        if (!isDroverError(e) || e.location === undefined || e.location === '') throw e;
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.pass('no crash');
});
