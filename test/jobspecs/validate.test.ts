import t from 'tap';
import type { Job } from '../../api/structs/job.js';
import { canonicalizeJob, validateJob, type SubmittedJob } from '../../jobspecs/index.js';

type Patch = (job: Job) => void;
const base = (): SubmittedJob => ({ ID: 'web', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'exec', Config: { command: '/bin/true' } }] }] });
const batch = (): SubmittedJob => ({ ...base(), Type: 'batch' });
const tg = (j: Job): Job['TaskGroups'][number] => j.TaskGroups[0]!;
const task = (j: Job): Job['TaskGroups'][number]['Tasks'][number] => tg(j).Tasks[0]!;

/** Each row: a submitted job, a patch applied after canonicalization, and the issue expected. */
const cases: Array<{ name: string; submitted: SubmittedJob; patch?: Patch; path: string; message: RegExp }> = [
  { name: 'priority above 100 is rejected', submitted: { ...base(), Priority: 101 }, path: 'Job.Priority', message: /priority must be within 1\.\.100/ },
  { name: 'priority 0 is rejected', submitted: { ...base(), Priority: 0 }, path: 'Job.Priority', message: /within 1\.\.100/ },
  { name: 'a job ID with a space is rejected', submitted: { ...base(), ID: 'my job' }, path: 'Job.ID', message: /contains a space/ },
  { name: 'a job ID with a null character is rejected', submitted: { ...base(), ID: 'a\u0000b' }, path: 'Job.ID', message: /null character/ },
  { name: 'update is only for service and system jobs', submitted: { ...batch(), Update: { MaxParallel: 1 } }, path: 'Job.Update', message: /only valid for service and system/ },
  { name: 'periodic is only for batch and sysbatch jobs', submitted: { ...base(), Periodic: { Spec: '* * * * *' } }, path: 'Job.Periodic', message: /only valid for batch and sysbatch/ },
  { name: 'an invalid cron expression is rejected', submitted: { ...batch(), Periodic: { Spec: '61 * * * *' } }, path: 'Job.Periodic.Spec', message: /invalid cron expression/ },
  { name: 'a cron with too few fields is rejected', submitted: { ...batch(), Periodic: { Spec: '* *' } }, path: 'Job.Periodic.Spec', message: /5 to 7 fields/ },
  { name: 'an unknown time zone is rejected', submitted: { ...batch(), Periodic: { Spec: '@daily', TimeZone: 'Mars/Olympus' } }, path: 'Job.Periodic.TimeZone', message: /unknown time zone/ },
  { name: 'parameterized is only for batch and sysbatch', submitted: { ...base(), ParameterizedJob: {} }, path: 'Job.ParameterizedJob', message: /only valid for batch/ },
  { name: 'meta keys cannot be both required and optional', submitted: { ...batch(), ParameterizedJob: { MetaRequired: ['a'], MetaOptional: ['a'] } }, path: 'Job.ParameterizedJob.MetaRequired', message: /both required and optional/ },
  { name: 'cpu below 1 MHz is rejected', submitted: base(), patch: (j) => { task(j).Resources.CPU = 0; }, path: 'Job.TaskGroups[0].Tasks[0].Resources.CPU', message: /minimum CPU value is 1/ },
  { name: 'memory below 10 MB is rejected', submitted: base(), patch: (j) => { task(j).Resources.MemoryMB = 5; }, path: 'Job.TaskGroups[0].Tasks[0].Resources.MemoryMB', message: /group "g" task "t": minimum memory value is 10 MB/ },
  { name: 'memory_max below memory is rejected', submitted: base(), patch: (j) => { task(j).Resources.MemoryMaxMB = 100; }, path: 'Job.TaskGroups[0].Tasks[0].Resources.MemoryMaxMB', message: /memory_max/ },
  { name: 'negative count is rejected', submitted: base(), patch: (j) => { tg(j).Count = -1; }, path: 'Job.TaskGroups[0].Count', message: /must not be negative/ },
  { name: 'a task without driver is rejected', submitted: base(), patch: (j) => { task(j).Driver = ''; }, path: 'Job.TaskGroups[0].Tasks[0].Driver', message: /missing driver/ },
  { name: 'the ephemeral disk must exceed the log space', submitted: base(), patch: (j) => { tg(j).EphemeralDisk.SizeMB = 100; }, path: 'Job.TaskGroups[0].EphemeralDisk.SizeMB', message: /log storage \(100 MB\) must be less than the ephemeral disk \(100 MB\)/ },
  { name: 'port labels are unique', submitted: { ...base(), TaskGroups: [{ Name: 'g', Networks: [{ DynamicPorts: [{ Label: 'http' }, { Label: 'http' }] }], Tasks: [{ Name: 't', Driver: 'exec' }] }] }, path: 'Job.TaskGroups[0].Networks[0].DynamicPorts[1].Label', message: /defined twice/ },
  { name: 'a service port must be defined by a network', submitted: { ...base(), TaskGroups: [{ Name: 'g', Services: [{ Name: 'web', PortLabel: 'http' }], Tasks: [{ Name: 't', Driver: 'exec' }] }] }, path: 'Job.TaskGroups[0].Services[0].PortLabel', message: /port label "http" is not defined/ },
  { name: 'reschedule delay has a 5s minimum', submitted: base(), patch: (j) => { tg(j).ReschedulePolicy!.Delay = 1e9; }, path: 'Job.TaskGroups[0].ReschedulePolicy.Delay', message: /at least 5s/ },
  { name: 'restart attempts must fit the interval', submitted: base(), patch: (j) => { tg(j).RestartPolicy.Attempts = 200; }, path: 'Job.TaskGroups[0].RestartPolicy.Interval', message: /can't restart 200 times/ },
  { name: 'auto_promote needs canaries', submitted: { ...base(), Update: { AutoPromote: true } }, path: 'Job.TaskGroups[0].Update.AutoPromote', message: /requires canary > 0/ },
  { name: 'min_healthy_time must be below healthy_deadline', submitted: { ...base(), Update: { MinHealthyTime: 600e9 } }, path: 'Job.TaskGroups[0].Update.MinHealthyTime', message: /must be less than healthy_deadline/ },
  { name: 'only one leader task per group', submitted: { ...base(), TaskGroups: [{ Name: 'g', Tasks: [{ Name: 'a', Driver: 'exec', Leader: true }, { Name: 'b', Driver: 'exec', Leader: true }] }] }, path: 'Job.TaskGroups[0].Tasks', message: /only one task may be the leader/ },
  { name: 'a group of only prestart tasks has no main task', submitted: { ...base(), TaskGroups: [{ Name: 'g', Tasks: [{ Name: 'a', Driver: 'exec', Lifecycle: { Hook: 'prestart' } }] }] }, path: 'Job.TaskGroups[0].Tasks', message: /at least one main task/ },
  { name: 'volume mounts refer to group volumes', submitted: { ...base(), TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'exec', VolumeMounts: [{ Volume: 'data', Destination: '/d' }] }] }] }, path: 'Job.TaskGroups[0].Tasks[0].VolumeMounts[0].Volume', message: /does not define/ },
  { name: 'affinity weight 0 is rejected', submitted: { ...base(), Affinities: [{ LTarget: '${node.class}', RTarget: 'x', Weight: 0 }] }, path: 'Job.Affinities[0].Weight', message: /not 0/ },
  { name: 'an invalid regexp constraint is rejected', submitted: { ...base(), Constraints: [{ LTarget: '${attr.os.name}', RTarget: '(', Operand: 'regexp' }] }, path: 'Job.Constraints[0].RTarget', message: /not a valid regular expression/ },
  { name: 'system jobs run at most one allocation per node', submitted: { ...base(), Type: 'system' }, patch: (j) => { tg(j).Count = 3; }, path: 'Job.TaskGroups[0].Count', message: /count must be 0 or 1/ },
  { name: 'template change_mode signal needs a signal', submitted: { ...base(), TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'exec', Templates: [{ DestPath: 'local/x', EmbeddedTmpl: 'x', ChangeMode: 'signal' }] }] }] }, patch: (j) => { task(j).Templates![0]!.ChangeSignal = ''; }, path: 'Job.TaskGroups[0].Tasks[0].Templates[0].ChangeSignal', message: /needs change_signal/ },
  { name: 'group names are unique', submitted: { ...base(), TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't', Driver: 'exec' }] }, { Name: 'g', Tasks: [{ Name: 't', Driver: 'exec' }] }] }, path: 'Job.TaskGroups', message: /group "g" is defined twice/ },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const job = canonicalizeJob(c.submitted);
    c.patch?.(job);
    const issues = validateJob(job);
    const match = issues.find((i) => i.path === c.path && c.message.test(i.message));
    t.ok(match, `expected ${c.path} ${String(c.message)} in ${JSON.stringify(issues)}`);
  });
}

t.test('a default job has no issues and several problems are all collected', async (t) => {
  t.same(validateJob(canonicalizeJob(base())), []);
  const job = canonicalizeJob({ ...base(), Priority: 500 });
  task(job).Driver = '';
  task(job).Resources.MemoryMB = 1;
  t.ok(validateJob(job).length >= 3);
});

t.test('driver config is checked against the driver task config schema, with the field named', async (t) => {
  const schemas = {
    exec: { type: 'object' as const, additionalProperties: false, required: ['command'], properties: { command: { type: 'string' as const }, args: { type: 'array' as const, items: { type: 'string' as const } } } },
  };
  const job = canonicalizeJob({ ...base(), TaskGroups: [{ Name: 'g', EphemeralDisk: { SizeMB: 1000 }, Tasks: [
    { Name: 'ok', Driver: 'exec', Config: { command: '/bin/true' } },
    { Name: 'typo', Driver: 'exec', Config: { comand: '/bin/true' } },
    { Name: 'badtype', Driver: 'exec', Config: { command: '/bin/true', args: [1] } },
    { Name: 'other', Driver: 'docker', Config: { anything: true } },
  ] }] });
  const issues = validateJob(job, { driverConfigSchemas: schemas });
  const expected: Array<[string, RegExp]> = [
    ['Job.TaskGroups[0].Tasks[1].Config.comand', /group "g" task "typo": unknown driver config field "comand"; did you mean "command"\?/],
    ['Job.TaskGroups[0].Tasks[1].Config.command', /missing required driver config field "command"/],
    ['Job.TaskGroups[0].Tasks[2].Config.args[0]', /must be string/],
  ];
  for (const [path, message] of expected) t.ok(issues.some((i) => i.path === path && message.test(i.message)), `${path} ${String(message)} in ${JSON.stringify(issues)}`);
  t.equal(issues.length, 3, 'drivers without a schema are not checked');
});

t.test('cron syntax follows Nomad (cronexpr): 5 fields, 6 with a year, 7 with seconds and a year, macros', async (t) => {
  const table: Array<[string, boolean]> = [
    ['*/15 * * * *', true], ['0 3 * * 1-5', true], ['0 3 * * * 2030', true], ['30 0 3 * * * 2030-2035', true],
    ['@daily', true], ['@hourly', true], ['0 3 * * * someday', false], ['61 * * * *', false], ['* * *', false],
  ];
  for (const [spec, ok] of table) {
    const issues = validateJob(canonicalizeJob({ ...batch(), Periodic: { Spec: spec } }));
    t.equal(issues.length === 0, ok, `${spec} ${ok ? 'is valid' : 'is rejected'} ${JSON.stringify(issues)}`);
  }
});
