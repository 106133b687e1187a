import t from 'tap';
import type { HclBlock, HclBody, HclValue, SourcePos } from '../../jobspecs/hcl/body.js';
import { decodeJobBody, explainField, formatDuration, parseDuration } from '../../jobspecs/index.js';
import { isDroverError } from '../../api/errors.js';

// Hand-built evaluated bodies: the decoder's contract with the HCL layer, independent of it.
let line = 0;
const pos = (): SourcePos => ({ file: 'unit.hcl', line: ++line, column: 1 });
const body = (attrs: Record<string, HclValue>, blocks: HclBlock[] = []): HclBody => ({
  attributes: Object.entries(attrs).map(([name, value]) => ({ name, value, pos: pos() })),
  blocks,
  pos: pos(),
});
const block = (type: string, labels: string[], b: HclBody): HclBlock => ({ type, labels, body: b, pos: pos() });
const jobFile = (...groups: HclBlock[]): HclBody => body({}, [block('job', ['j'], body({}, groups))]);

t.test('durations: Go syntax to nanoseconds and back', async (t) => {
  const table: Array<[string, number | undefined]> = [
    ['30s', 30e9], ['1h30m', 5400e9], ['1.5h', 5400e9], ['250ms', 250e6], ['10us', 10e3], ['10µs', 10e3], ['5ns', 5],
    ['0', 0], ['-2s', -2e9], ['2', undefined], ['30 seconds', undefined], ['', undefined], ['1d', undefined], ['s', undefined],
  ];
  for (const [text, nanos] of table) t.equal(parseDuration(text), nanos, JSON.stringify(text));
  t.equal(formatDuration(5400e9), '1h30m0s');
  t.equal(formatDuration(250e6), '250ms');
  t.equal(formatDuration(0), '0s');
});

t.test('primitive conversions follow HCL2: numbers to strings, numeric strings to numbers', async (t) => {
  const job = decodeJobBody(jobFile(block('group', ['g'], body({ count: '3' }, [
    block('task', ['t'], body({ driver: 'exec', kill_timeout: 5000000000, leader: 'true' }, [block('env', [], body({ PORT: 8080, DEBUG: true }))])),
  ]))));
  t.same(job, {
    ID: 'j', Name: 'j',
    TaskGroups: [{ Name: 'g', Count: 3, Tasks: [{ Name: 't', Driver: 'exec', Env: { PORT: '8080', DEBUG: 'true' }, KillTimeout: 5000000000, Leader: true }] }],
  });
});

t.test('free-form config: nested blocks become lists of maps, labels nest', async (t) => {
  const job = decodeJobBody(jobFile(block('group', ['g'], body({}, [
    block('task', ['t'], body({ driver: 'docker' }, [block('config', [], body({ image: 'x' }, [
      block('port_map', [], body({ db: 6379 })),
      block('mount', [], body({ type: 'bind' })),
      block('mount', [], body({ type: 'tmpfs' })),
      block('logging', ['syslog'], body({ tag: 'a' })),
    ]))])),
  ]))));
  const config = ((job.TaskGroups as HclValue[])[0] as { Tasks: Array<{ Config: unknown }> }).Tasks[0]!.Config;
  t.same(config, { image: 'x', port_map: [{ db: 6379 }], mount: [{ type: 'bind' }, { type: 'tmpfs' }], logging: [{ syslog: { tag: 'a' } }] });
});

t.test('every problem is collected; the first by position locates the error', async (t) => {
  const file = jobFile(block('group', ['g'], body({ counts: 1, count: 'x' }, [block('tsk', ['t'], body({}))])));
  try {
    decodeJobBody(file);
    t.fail('should throw');
  } catch (e) {
    t.ok(isDroverError(e));
    if (!isDroverError(e)) return;
    t.equal(e.code, 'DROVER_ERR_JOBSPEC_INVALID');
    const lines = e.message.split('\n');
    t.equal(lines.length, 3, 'three problems reported');
    t.ok(lines[0]?.startsWith(`${e.location ?? ''}: `), 'the error is located at its first problem');
    t.ok(lines.some((l) => /unknown attribute "counts" in group "g"; did you mean "count"\?/.test(l)));
    t.ok(lines.some((l) => /attribute "count" in group "g": expected a whole number/.test(l)));
    t.ok(lines.some((l) => /unknown block "tsk" in group "g"; did you mean "task"\?/.test(l)));
  }
});

t.test('labels: required, forbidden, exactly one', async (t) => {
  const cases: Array<[HclBlock, RegExp]> = [
    [block('group', [], body({})), /requires a group name label/],
    [block('group', ['a', 'b'], body({})), /takes exactly one label/],
    [block('group', ['g'], body({}, [block('restart', ['x'], body({}))])), /block "restart" takes no labels/],
  ];
  for (const [group, message] of cases) t.throws(() => decodeJobBody(jobFile(group)), { code: 'DROVER_ERR_JOBSPEC_INVALID', message });
});

t.test('HCL-only spellings are rewritten to the JSON shape', async (t) => {
  const job = decodeJobBody(jobFile(block('group', ['g'], body({}, [
    block('network', [], body({}, [block('port', ['http'], body({ static: 80 })), block('port', ['admin'], body({}))])),
    block('task', ['t'], body({ driver: 'exec' }, [
      block('identity', [], body({ env: true })),
      block('identity', [], body({ name: 'vault_default', aud: ['vault.io'] })),
      block('scaling', ['mem'], body({ max: 1024 })),
    ])),
  ]))));
  t.match(job, {
    TaskGroups: [{
      Networks: [{ ReservedPorts: [{ Label: 'http', Value: 80 }], DynamicPorts: [{ Label: 'admin' }] }],
      Tasks: [{ Identity: { Env: true }, Identities: [{ Name: 'vault_default', Audience: ['vault.io'] }], ScalingPolicies: [{ Type: 'vertical_mem', Max: 1024 }] }],
    }],
  });
});

t.test('explainField documents fields by HCL or JSON path', async (t) => {
  t.match(explainField('job.group.task.resources.memory'), { path: 'job.group.task.resources.memory', jsonPath: 'Job.TaskGroups[].Tasks[].Resources.MemoryMB', default: '300' });
  t.match(explainField('Job.TaskGroups.Tasks.Resources.MemoryMB'), { path: 'job.group.task.resources.memory' });
  t.match(explainField('job.type'), { allowedValues: ['service', 'batch', 'system', 'sysbatch'], default: 'service' });
  t.ok(explainField('job.group.update').children?.some((c) => c.name === 'max_parallel'));
  t.ok(explainField('job').children?.some((c) => c.name === 'group'));
  t.throws(() => explainField('job.group.task.resorces'), { code: 'DROVER_ERR_JOBSPEC_UNKNOWN_FIELD', message: /did you mean "resources"/ });
  t.throws(() => explainField('group.count'), { code: 'DROVER_ERR_JOBSPEC_UNKNOWN_FIELD' });
});
