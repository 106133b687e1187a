import t from 'tap';
import type { Job } from '../../api/structs/job.js';
import { canonicalizeJob, diffJobs, tasksUpdated, type SubmittedJob } from '../../jobspecs/index.js';

const submitted = (): SubmittedJob => ({
  ID: 'web',
  Datacenters: ['dc1'],
  TaskGroups: [{
    Name: 'web',
    Count: 2,
    Tasks: [{ Name: 'app', Driver: 'docker', Config: { image: 'app:1' }, Resources: { CPU: 200, MemoryMB: 128 } }],
  }],
});
const base = (): Job => canonicalizeJob(submitted());
const group = (j: Job): Job['TaskGroups'][number] => j.TaskGroups[0]!;
const task = (j: Job): Job['TaskGroups'][number]['Tasks'][number] => group(j).Tasks[0]!;

/** Each row: how the new version differs, and the annotations the plan must show. */
const cases: Array<{ name: string; change: (j: Job) => void; taskAnnotation?: string; groupUpdates: Record<string, number>; countAnnotation?: string; groupType?: string }> = [
  { name: 'a docker image change forces create/destroy update', change: (j) => { task(j).Config.image = 'app:2'; }, taskAnnotation: 'forces create/destroy update', groupUpdates: { 'create/destroy update': 2 } },
  { name: 'an env change is destructive', change: (j) => { task(j).Env = { A: '1' }; }, taskAnnotation: 'forces create/destroy update', groupUpdates: { 'create/destroy update': 2 } },
  { name: 'a memory change is destructive', change: (j) => { task(j).Resources.MemoryMB = 256; }, taskAnnotation: 'forces create/destroy update', groupUpdates: { 'create/destroy update': 2 } },
  { name: 'a job meta change is destructive (meta is merged into tasks)', change: (j) => { j.Meta = { v: '2' }; }, groupType: 'None', groupUpdates: { 'create/destroy update': 2 } },
  { name: 'a kill_timeout change is in place', change: (j) => { task(j).KillTimeout = 30e9; }, taskAnnotation: 'forces in-place update', groupUpdates: { 'in-place update': 2 } },
  { name: 'a service tag change is in place', change: (j) => { task(j).Services = [{ Name: 'web', PortLabel: '', Provider: 'nomad', Tags: ['v2'] }]; }, taskAnnotation: 'forces in-place update', groupUpdates: { 'in-place update': 2 } },
  { name: 'a count increase forces create of the difference', change: (j) => { group(j).Count = 5; }, groupUpdates: { create: 3, 'in-place update': 2 }, countAnnotation: 'forces create' },
  { name: 'a count decrease forces destroy of the difference', change: (j) => { group(j).Count = 1; }, groupUpdates: { destroy: 1, 'in-place update': 1 }, countAnnotation: 'forces destroy' },
  { name: 'a destructive change of a group with canaries places canaries and leaves the rest', change: (j) => { task(j).Config.image = 'app:2'; group(j).Update = { ...group(j).Update!, Canary: 1 }; }, taskAnnotation: 'forces create/destroy update', groupUpdates: { canary: 1, ignore: 2 } },
  { name: 'an ephemeral disk change replaces every allocation', change: (j) => { group(j).EphemeralDisk.SizeMB = 500; }, groupUpdates: { 'create/destroy update': 2 } },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const old = base();
    const next = base();
    c.change(next);
    const diff = diffJobs(old, next);
    t.equal(diff.Type, 'Edited');
    const g = diff.TaskGroups?.[0];
    t.equal(g?.Type, c.groupType ?? 'Edited');
    t.same(g?.Updates, c.groupUpdates);
    if (c.taskAnnotation !== undefined) t.same(g?.Tasks?.[0]?.Annotations, [c.taskAnnotation]);
    if (c.countAnnotation !== undefined) t.same(g?.Fields?.find((f) => f.Name === 'Count')?.Annotations, [c.countAnnotation]);
  });
}

t.test('the field diff of a config change names the flattened key with old and new values', async (t) => {
  const next = base();
  task(next).Config.image = 'app:2';
  const config = diffJobs(base(), next).TaskGroups?.[0]?.Tasks?.[0]?.Objects?.find((o) => o.Name === 'Config');
  t.same(config?.Fields, [{ Type: 'Edited', Name: 'image', Old: 'app:1', New: 'app:2', Annotations: null }]);
});

t.test('a task added forces create, a task removed forces destroy', async (t) => {
  const next = base();
  group(next).Tasks.push({ ...task(next), Name: 'sidecar' });
  const added = diffJobs(base(), next).TaskGroups?.[0];
  t.same(added?.Tasks?.find((x) => x.Name === 'sidecar')?.Annotations, ['forces create']);
  t.equal(added?.Tasks?.find((x) => x.Name === 'sidecar')?.Type, 'Added');
  const removed = diffJobs(next, base()).TaskGroups?.[0];
  t.same(removed?.Tasks?.find((x) => x.Name === 'sidecar')?.Annotations, ['forces destroy']);
  t.same(removed?.Updates, { 'create/destroy update': 2 }, 'removing a task replaces the allocations');
});

t.test('groups added and removed', async (t) => {
  const next = base();
  next.TaskGroups.push({ ...group(next), Name: 'worker', Count: 3 });
  const diff = diffJobs(base(), next);
  const worker = diff.TaskGroups?.find((g) => g.Name === 'worker');
  t.equal(worker?.Type, 'Added');
  t.same(worker?.Updates, { create: 3 });
  t.same(worker?.Tasks?.[0]?.Annotations, ['forces create']);
  const back = diffJobs(next, base()).TaskGroups?.find((g) => g.Name === 'worker');
  t.equal(back?.Type, 'Deleted');
  t.same(back?.Updates, { destroy: 3 });
});

t.test('a new job is Added; an identical job is None with ignore updates', async (t) => {
  const added = diffJobs(undefined, base());
  t.equal(added.Type, 'Added');
  t.same(added.TaskGroups?.[0]?.Updates, { create: 2 });
  const same = diffJobs(base(), base());
  t.equal(same.Type, 'None');
  t.equal(same.TaskGroups?.[0]?.Type, 'None');
  t.same(same.TaskGroups?.[0]?.Updates, { ignore: 2 });
});

t.test('job-level field and list changes show as Fields and Objects', async (t) => {
  const next = base();
  next.Priority = 70;
  next.Datacenters = ['dc1', 'dc2'];
  const diff = diffJobs(base(), next);
  t.same(diff.Fields, [{ Type: 'Edited', Name: 'Priority', Old: '50', New: '70', Annotations: null }]);
  t.same(diff.Objects, [{ Type: 'Edited', Name: 'Datacenters', Fields: [{ Type: 'Added', Name: 'Datacenters', Old: '', New: 'dc2', Annotations: null }], Objects: null }]);
});

t.test('server bookkeeping (version, indexes, status) is not part of the diff', async (t) => {
  const next = base();
  next.Version = 3;
  next.ModifyIndex = 99;
  next.Status = 'running';
  t.equal(diffJobs(base(), next).Type, 'None');
});

t.test('tasksUpdated ignores dynamic port values chosen by the scheduler', async (t) => {
  const withPorts = (value: number): Job => {
    const j = base();
    group(j).Networks = [{ Mode: 'host', DynamicPorts: [{ Label: 'http', Value: value, To: 0, HostNetwork: 'default' }] }];
    return j;
  };
  const a = withPorts(0);
  const b = withPorts(23456);
  t.equal(tasksUpdated(a, group(a), b, group(b)), false);
  const c = withPorts(0);
  group(c).Networks![0]!.DynamicPorts![0]!.To = 8080;
  t.equal(tasksUpdated(a, group(a), c, group(c)), true);
});
