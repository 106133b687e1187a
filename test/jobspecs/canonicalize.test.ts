import t from 'tap';
import { canonicalizeJob, type SubmittedJob } from '../../jobspecs/index.js';

const S = 1e9;
const M = 60 * S;
const H = 60 * M;
const serviceUpdate = { Stagger: 30 * S, MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * S, HealthyDeadline: 5 * M, ProgressDeadline: 10 * M, AutoRevert: false, AutoPromote: false, Canary: 0 };
const serviceRestart = { Attempts: 2, Interval: 30 * M, Delay: 15 * S, Mode: 'fail', RenderTemplates: false };
const batchRestart = { Attempts: 3, Interval: 24 * H, Delay: 15 * S, Mode: 'fail', RenderTemplates: false };
const serviceReschedule = { Attempts: 0, Interval: 0, Delay: 30 * S, DelayFunction: 'exponential', MaxDelay: H, Unlimited: true };
const batchReschedule = { Attempts: 1, Interval: 24 * H, Delay: 5 * S, DelayFunction: 'constant', MaxDelay: 0, Unlimited: false };
const defaultTask = { KillTimeout: 5 * S, LogConfig: { MaxFiles: 10, MaxFileSizeMB: 10, Disabled: false }, Resources: { CPU: 100, Cores: 0, MemoryMB: 300 }, Leader: false, Config: {} };

// Re-expressions of Nomad's api TestJobs_Canonicalize cases (reference §11.1). Differences kept
// on purpose: Drover's canonical job also fills Priority 50 and Status "pending" (server-side
// defaults in Nomad) and does not emit the legacy Consul/VaultToken/RescheduleOnLost fields.
t.test('empty: a job with one empty task gets every service default', async (t) => {
  const job = canonicalizeJob({ ID: '', TaskGroups: [{ Tasks: [{}] }] } as SubmittedJob);
  t.match(job, { Region: 'global', Namespace: 'default', Type: 'service', Priority: 50, AllAtOnce: false, Datacenters: ['*'], NodePool: 'default', Stop: false, Stable: false, Version: 0, Update: serviceUpdate });
  const g = job.TaskGroups[0]!;
  t.match(g, { Count: 1, EphemeralDisk: { Sticky: false, Migrate: false, SizeMB: 300 }, RestartPolicy: serviceRestart, ReschedulePolicy: serviceReschedule, Update: serviceUpdate, Migrate: { MaxParallel: 1, HealthCheck: 'checks', MinHealthyTime: 10 * S, HealthyDeadline: 5 * M } });
  t.match(g.Tasks[0], { ...defaultTask, RestartPolicy: serviceRestart });
});

t.test('batch: batch restart and reschedule defaults, no update, no migrate', async (t) => {
  const job = canonicalizeJob({ ID: 'b', Type: 'batch', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't' }] }] });
  t.equal(job.Update, undefined);
  const g = job.TaskGroups[0]!;
  t.same(g.RestartPolicy, batchRestart);
  t.same(g.ReschedulePolicy, batchReschedule);
  t.equal(g.Update, undefined);
  t.equal(g.Migrate, undefined);
  t.same(g.Tasks[0]!.RestartPolicy, batchRestart);
});

t.test('partial: given names and namespace are kept; Name defaults to ID otherwise', async (t) => {
  const job = canonicalizeJob({ ID: 'bar', Name: 'foo', Namespace: 'bar', ParentID: 'lol', TaskGroups: [{ Name: 'bar', Tasks: [{ Name: 'task1' }] }] });
  t.match(job, { ID: 'bar', Name: 'foo', Namespace: 'bar', ParentID: 'lol' });
  t.equal(canonicalizeJob({ ID: 'x', TaskGroups: [] }).Name, 'x');
});

t.test('example_template: template, service and check defaults; task restart merges over the group', async (t) => {
  const job = canonicalizeJob({
    ID: 'example_template', Datacenters: ['dc1'], Update: { MaxParallel: 1, AutoPromote: true },
    TaskGroups: [{
      Name: 'cache', RestartPolicy: { Interval: 5 * M, Attempts: 10, Delay: 25 * S, Mode: 'delay' }, Update: { AutoRevert: true },
      Tasks: [{
        Name: 'redis', Driver: 'docker', RestartPolicy: { Attempts: 20 },
        Services: [{ Name: 'redis-cache', PortLabel: 'db', Checks: [{ Name: 'alive', Type: 'tcp', Interval: 10 * S, Timeout: 2 * S }] }],
        Templates: [{ EmbeddedTmpl: '---', DestPath: 'local/file.yml' }, { EmbeddedTmpl: 'FOO=bar\n', DestPath: 'local/file.env', Envvars: true }],
      }],
    }],
  });
  t.same(job.Update, { ...serviceUpdate, AutoPromote: true });
  const g = job.TaskGroups[0]!;
  t.same(g.Update, { ...serviceUpdate, AutoPromote: true, AutoRevert: true });
  const task = g.Tasks[0]!;
  t.same(task.RestartPolicy, { Interval: 5 * M, Attempts: 20, Delay: 25 * S, Mode: 'delay', RenderTemplates: false });
  t.match(task.Services?.[0], { AddressMode: 'auto', OnUpdate: 'require_healthy', Provider: 'consul', Checks: [{ OnUpdate: 'require_healthy' }] });
  t.same(task.Templates?.[0], { SourcePath: '', DestPath: 'local/file.yml', EmbeddedTmpl: '---', ChangeMode: 'restart', ChangeSignal: '', Splay: 5 * S, Perms: '0644', LeftDelim: '{{', RightDelim: '}}', Envvars: false, ErrMissingKey: false });
  t.equal(task.Templates?.[1]?.Envvars, true);
});

t.test('periodic: enabled, cron spec type, no overlap prohibition, UTC', async (t) => {
  const job = canonicalizeJob({ ID: 'bar', Periodic: {} });
  t.same(job.Periodic, { Enabled: true, Spec: '', SpecType: 'cron', ProhibitOverlap: false, TimeZone: 'UTC' });
});

t.test('update_merge: job update merged under each group update', async (t) => {
  const jobUpdate = { Stagger: S, MaxParallel: 1, HealthCheck: 'checks' as const, MinHealthyTime: 10 * S, HealthyDeadline: 6 * M, ProgressDeadline: 7 * M, AutoRevert: false, Canary: 0, AutoPromote: false };
  const job = canonicalizeJob({ ID: 'bar', Update: jobUpdate, TaskGroups: [
    { Name: 'bar', Update: { Stagger: 2 * S, MaxParallel: 2, HealthCheck: 'manual', MinHealthyTime: S, AutoRevert: true, Canary: 1, AutoPromote: true }, Tasks: [{ Name: 'task1' }] },
    { Name: 'baz', Tasks: [{ Name: 'task1' }] },
  ] });
  t.same(job.TaskGroups[0]!.Update, { Stagger: 2 * S, MaxParallel: 2, HealthCheck: 'manual', MinHealthyTime: S, HealthyDeadline: 6 * M, ProgressDeadline: 7 * M, AutoRevert: true, Canary: 1, AutoPromote: true });
  t.same(job.TaskGroups[1]!.Update, jobUpdate);
});

t.test('missing update for system job: no update anywhere', async (t) => {
  const job = canonicalizeJob({ ID: 's', Type: 'system', TaskGroups: [{ Name: 'g', Tasks: [{ Name: 't' }] }] });
  t.equal(job.Update, undefined);
  t.equal(job.TaskGroups[0]!.Update, undefined);
  t.equal(job.TaskGroups[0]!.ReschedulePolicy, undefined, 'system jobs are never rescheduled');
});

t.test('restart_merge: task restart fields override the group, the rest is inherited', async (t) => {
  const job = canonicalizeJob({ ID: 'bar', TaskGroups: [{ Name: 'bar', RestartPolicy: { Delay: 15 * S, Attempts: 2, Interval: 30 * M, Mode: 'fail' }, Tasks: [{ Name: 'task1', RestartPolicy: { Attempts: 5, Delay: S } }] }] });
  t.same(job.TaskGroups[0]!.Tasks[0]!.RestartPolicy, { Attempts: 5, Interval: 30 * M, Delay: S, Mode: 'fail', RenderTemplates: false });
});

t.test('count defaults to scaling.min; whole cores leave CPU at 0; nulls count as unset', async (t) => {
  const job = canonicalizeJob({ ID: 'x', Meta: null, TaskGroups: [{ Name: 'g', Count: null, Scaling: { Min: 3, Max: 9 }, Tasks: [{ Name: 't', Resources: { Cores: 2 } }] }] });
  t.equal(job.TaskGroups[0]!.Count, 3);
  t.match(job.TaskGroups[0]!.Scaling, { Min: 3, Max: 9, Enabled: true, Type: 'horizontal' });
  t.match(job.TaskGroups[0]!.Tasks[0]!.Resources, { CPU: 0, Cores: 2, MemoryMB: 300 });
  t.notOk('Meta' in job);
});

t.test('canonicalize is idempotent and does not modify its input', async (t) => {
  const input: SubmittedJob = { ID: 'x', Type: 'batch', Periodic: { Spec: '@daily' }, TaskGroups: [{ Name: 'g', Networks: [{ DynamicPorts: [{ Label: 'http' }] }], Tasks: [{ Name: 't', Driver: 'exec', Artifacts: [{ GetterSource: 'https://x' }], Vault: {} }] }] };
  const copy = structuredClone(input);
  const once = canonicalizeJob(input);
  t.same(input, copy, 'input untouched');
  t.same(canonicalizeJob(once as unknown as SubmittedJob), once);
  t.match(once.TaskGroups[0]!.Networks, [{ Mode: 'host', DynamicPorts: [{ Label: 'http', Value: 0, To: 0, HostNetwork: 'default' }] }]);
  t.match(once.TaskGroups[0]!.Tasks[0]!, { Artifacts: [{ GetterMode: 'any', RelativeDest: 'local/' }], Vault: { Env: true, ChangeMode: 'restart' } });
});

t.test('template signal defaults to SIGHUP and is upper-cased; file artifacts land in local/<file>; volume mounts and CSI plugins get defaults', async (t) => {
  const job = canonicalizeJob({ ID: 'x', TaskGroups: [{ Name: 'g', Tasks: [{
    Name: 't', Driver: 'exec',
    Templates: [{ DestPath: 'a', EmbeddedTmpl: 'x', ChangeMode: 'signal' }, { DestPath: 'b', EmbeddedTmpl: 'x', ChangeMode: 'signal', ChangeSignal: 'sigusr1' }, { DestPath: 'c', EmbeddedTmpl: 'x', ChangeMode: 'script', ChangeScript: { Command: '/bin/r' } }],
    Artifacts: [{ GetterSource: 'https://example.com/dl/tool.tgz?checksum=x', GetterMode: 'file' }],
    VolumeMounts: [{ Volume: 'v', Destination: '/v' }],
    CSIPluginConfig: { ID: 'p', Type: 'node' },
  }] }] });
  const task = job.TaskGroups[0]!.Tasks[0]!;
  t.same(task.Templates?.map((x) => x.ChangeSignal), ['SIGHUP', 'SIGUSR1', '']);
  t.same(task.Templates?.[2]?.ChangeScript, { Command: '/bin/r', Args: [], Timeout: 5 * S, FailOnError: false });
  t.match(task.Artifacts?.[0], { GetterMode: 'file', RelativeDest: 'local/tool.tgz' });
  t.same(task.VolumeMounts?.[0], { ReadOnly: false, PropagationMode: 'private', Volume: 'v', Destination: '/v' });
  t.match(task.CSIPluginConfig, { MountDir: '/csi', HealthTimeout: 30 * S });
});
