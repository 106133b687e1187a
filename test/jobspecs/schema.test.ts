import t from 'tap';
import { validateJobJson, type SubmittedJob } from '../../jobspecs/index.js';

const task = { Name: 't', Driver: 'exec' };
const group = (extra: Record<string, unknown> = {}, taskExtra: Record<string, unknown> = {}): Record<string, unknown> => ({ Name: 'g', Tasks: [{ ...task, ...taskExtra }], ...extra });
const job = (extra: Record<string, unknown> = {}, groups: unknown[] = [group()]): Record<string, unknown> => ({ ID: 'j', TaskGroups: groups, ...extra });

/** Each row: a body and the first error expected (path + message fragment). */
const cases: Array<{ name: string; body: unknown; path: string; message: RegExp }> = [
  { name: 'a misspelled group field is rejected with the field named and a suggestion', body: { Job: job({}, [group({ Contraints: [] })]) }, path: 'Job.TaskGroups[0].Contraints', message: /unknown field "Contraints" at Job\.TaskGroups\[0\]; did you mean "Constraints"\?/ },
  { name: 'a string CPU names the nested path', body: { Job: job({}, [group({}, { Resources: { CPU: 'x' } })]) }, path: 'Job.TaskGroups[0].Tasks[0].Resources.CPU', message: /must be integer/ },
  { name: 'an unknown job type lists the allowed values', body: { Job: job({ Type: 'servce' }) }, path: 'Job.Type', message: /must be one of "service", "batch", "system", "sysbatch"; did you mean "service"\?/ },
  { name: 'a missing ID is reported', body: { Job: { TaskGroups: [] } }, path: 'Job.ID', message: /missing required field "ID"/ },
  { name: 'a missing task name is reported', body: { Job: job({}, [{ Name: 'g', Tasks: [{ Driver: 'exec' }] }]) }, path: 'Job.TaskGroups[0].Tasks[0].Name', message: /missing required field/ },
  { name: 'a duration must be integer nanoseconds', body: { Job: job({}, [group({}, { KillTimeout: '5s' })]) }, path: 'Job.TaskGroups[0].Tasks[0].KillTimeout', message: /must be integer/ },
  { name: 'a misspelled top-level request field is rejected', body: { Job: job(), PolicyOveride: true }, path: 'PolicyOveride', message: /did you mean "PolicyOverride"/ },
  { name: 'meta values must be strings', body: { Job: job({ Meta: { a: 1 } }) }, path: 'Job.Meta.a', message: /must be string/ },
  { name: 'a non-object body is rejected', body: [1, 2], path: '(root)', message: /JSON object/ },
  { name: 'over-deep nesting is rejected before schema validation', body: { Job: job({}, [group({}, { Config: nest(40) })]) }, path: 'Job.TaskGroups[0].Tasks[0].Config', message: /nesting deeper than 32/ },
  { name: 'a too long list is rejected', body: { Job: job({ Datacenters: Array.from({ length: 10001 }, () => 'dc') }) }, path: 'Job.Datacenters', message: /list longer than 10000/ },
];

function nest(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = validateJobJson(c.body);
    t.equal(result.ok, false);
    if (result.ok) return;
    const first = result.errors[0];
    t.ok(first);
    t.ok(first?.path.startsWith(c.path), `${first?.path} starts with ${c.path}`);
    t.match(first?.message, c.message);
  });
}

t.test('a bare job and a wrapped job are both accepted; null optional fields are allowed', async (t) => {
  t.ok(validateJobJson(job()).ok);
  t.ok(validateJobJson({ Job: job({ Meta: null, Affinities: null }) }).ok);
  const result = validateJobJson({ Job: job() });
  t.ok(result.ok && result.job.ID === 'j');
});

t.test('unknown fields are never stripped: the job returned is the job sent', async (t) => {
  const body = { Job: job() };
  const result = validateJobJson(body);
  t.ok(result.ok);
  t.same(result.ok ? result.job : undefined, body.Job);
});

t.test('SubmittedJob is derived from the block table (compile-time checks)', async (t) => {
  const job: SubmittedJob = {
    ID: 'typed',
    Type: 'batch',
    Periodic: { Spec: '@daily', TimeZone: 'UTC' },
    TaskGroups: [{ Name: 'g', Count: 2, Tasks: [{ Name: 't', Driver: 'exec', KillTimeout: 5e9, Resources: { CPU: 100, MemoryMB: 64 } }] }],
    Meta: null,
  };
  // @ts-expect-error enum values are literal unions
  const badType: SubmittedJob = { ID: 'x', Type: 'servce' };
  // @ts-expect-error unknown fields do not exist on the type
  const unknownField: SubmittedJob = { ID: 'x', Contraints: [] };
  // @ts-expect-error durations are nanoseconds, not strings
  const stringDuration: SubmittedJob = { ID: 'x', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', KillTimeout: '5s' }] }] };
  t.ok(validateJobJson({ Job: job }).ok, 'a well-typed job passes the schema');
  t.equal([badType, unknownField, stringDuration].filter((j) => validateJobJson({ Job: j }).ok).length, 0, 'and what the type rejects, the schema rejects');
});
