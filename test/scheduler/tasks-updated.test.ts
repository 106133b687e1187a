/**
 * tasksUpdated specification: which job changes replace allocations (destructive) and which
 * update them in place.
 */
import t from 'tap';
import type { Job, Task } from '../../api/structs/index.js';
import { tasksUpdated } from '../../server/scheduler/util/tasks-updated.js';
import { mockJob, withGroup } from '../mock/index.js';

const base = mockJob();
const group = base.TaskGroups[0]!;
const task = group.Tasks[0]!;
const withTask = (changes: Partial<Task>): Job => withGroup(base, { Tasks: [{ ...task, ...changes }] });

const cases: Array<[string, Job, boolean]> = [
  ['identical job', { ...base, Version: 1 }, false],
  ['count changed', withGroup(base, { Count: 3 }), false],
  ['job priority changed', { ...base, Priority: 80 }, false],
  ['restart policy changed', withGroup(base, { RestartPolicy: { ...group.RestartPolicy, Attempts: 9 } }), false],
  ['reschedule policy changed', withGroup(base, { ReschedulePolicy: { ...group.ReschedulePolicy!, Attempts: 9 } }), false],
  ['service tags changed', withTask({ Services: [{ Name: 'web', PortLabel: 'http', Provider: 'nomad', Tags: ['v2'] }] }), false],
  ['kill timeout changed', withTask({ KillTimeout: 30_000_000_000 }), false],
  ['dynamic port value assigned (ignored)', withGroup(base, { Networks: [{ Mode: 'host', DynamicPorts: [{ Label: 'http', Value: 23456, To: 0, HostNetwork: 'default' }, { Label: 'admin', Value: 0, To: 0, HostNetwork: 'default' }] }] }), false],
  ['task driver changed', withTask({ Driver: 'raw_exec' }), true],
  ['task config changed', withTask({ Config: { command: '/bin/sleep' } }), true],
  ['task env changed', withTask({ Env: { FOO: 'baz' } }), true],
  ['task user changed', withTask({ User: 'nobody' }), true],
  ['task cpu changed', withTask({ Resources: { ...task.Resources, CPU: 600 } }), true],
  ['task memory changed', withTask({ Resources: { ...task.Resources, MemoryMB: 512 } }), true],
  ['task memory max changed', withTask({ Resources: { ...task.Resources, MemoryMaxMB: 1024 } }), true],
  ['task meta changed', withTask({ Meta: { foo: 'baz' } }), true],
  ['group meta changed', withGroup(base, { Meta: { elb_check_type: 'tcp' } }), true],
  ['job meta changed', { ...base, Meta: { owner: 'someone-else' } }, true],
  ['task artifacts added', withTask({ Artifacts: [{ GetterSource: 'http://example/x' }] }), true],
  ['task templates added', withTask({ Templates: [{ EmbeddedTmpl: 'x', DestPath: 'local/x' }] }), true],
  ['logs disabled', withTask({ LogConfig: { ...task.LogConfig, Disabled: true } }), true],
  ['task constraint added', withTask({ Constraints: [{ LTarget: '${attr.cpu.arch}', RTarget: 'amd64', Operand: '=' }] }), true],
  ['group constraint added', withGroup(base, { Constraints: [{ LTarget: '${node.class}', RTarget: 'x', Operand: '=' }] }), true],
  ['job constraint changed', { ...base, Constraints: [] }, true],
  ['ephemeral disk size changed', withGroup(base, { EphemeralDisk: { ...group.EphemeralDisk, SizeMB: 300 } }), true],
  ['group port label added', withGroup(base, { Networks: [{ Mode: 'host', DynamicPorts: [{ Label: 'grpc', Value: 0, To: 0, HostNetwork: 'default' }] }] }), true],
  ['network mode changed', withGroup(base, { Networks: [{ ...group.Networks![0]!, Mode: 'bridge' }] }), true],
  ['task added', withGroup(base, { Tasks: [task, { ...task, Name: 'sidecar' }] }), true],
  ['task renamed', withTask({ Name: 'api' }), true],
];

for (const [name, next, destructive] of cases) {
  t.test(`${name} -> ${destructive ? 'destructive' : 'in-place'}`, async (t) => {
    t.equal(tasksUpdated(base, next, 'web'), destructive);
  });
}

t.test('a group missing from either version is destructive', async (t) => {
  t.equal(tasksUpdated(base, { ...base, TaskGroups: [] }, 'web'), true);
});
