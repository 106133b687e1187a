import t from 'tap';
import type { Task } from '../../api/structs/index.js';
import { AllocRunner } from '../../client/allocrunner/alloc-runner.js';
import { silentLogger } from '../../client/config.js';
import { ClientStateStore } from '../../client/state/store.js';
import type { AllocRecord } from '../../client/state/records.js';
import { newTaskState } from '../../client/taskrunner/task-events.js';
import type { AllocUpdate } from '../../client/types.js';
import { MockDriver } from '../../drivers/mock/driver.js';
import type { DriverPlugin, TaskConfig, TaskHandle } from '../../plugins/driver.js';
import { mockClientAlloc, mockTask } from '../mock/client.js';
import { tempDir, waitFor } from './helpers.js';

/** RecordingDriver is the mock driver plus a log of start/stop calls in order. */
class RecordingDriver extends MockDriver {
  readonly calls: string[] = [];
  override async start(config: TaskConfig): Promise<TaskHandle> {
    this.calls.push(`start:${config.name}`);
    return super.start(config);
  }
  override async stop(taskId: string, timeoutMs: number, signal?: string): Promise<void> {
    this.calls.push(`stop:${taskId.split('/')[1] ?? ''}`);
    return super.stop(taskId, timeoutMs, signal);
  }
}

async function runAlloc(t: { teardown(fn: () => unknown): void }, tasks: Task[], opts: { type?: 'batch' | 'service'; attempts?: number; record?: AllocRecord } = {}) {
  const dataDir = await tempDir(t);
  const driver = new RecordingDriver();
  const drivers = new Map<string, DriverPlugin>([['mock_driver', driver]]);
  const alloc = opts.record?.alloc ?? mockClientAlloc('node-1', tasks, opts);
  const updates: AllocUpdate[] = [];
  const store = new ClientStateStore(dataDir);
  t.teardown(() => store.flush());
  const runner = new AllocRunner({
    record: opts.record ?? { alloc, tasks: {} }, node: { ID: 'node-1', Name: 'n', Datacenter: 'dc1', NodeClass: '', NodePool: 'default', Attributes: {}, Meta: {} },
    region: 'global', allocsRoot: `${dataDir}/alloc`, drivers, store, maxKillTimeoutMs: 1000, logger: silentLogger,
    onUpdate: (u) => updates.push(u), random: () => 0,
  });
  return { runner, driver, updates, store };
}

const mt = (name: string, config: Record<string, unknown>, o: Partial<Task> = {}): Task => mockTask(name, 'mock_driver', config, o);
const events = (r: AllocRunner, task: string): string[] => r.taskRunner(task)?.taskState.Events.map((e) => e.Type) ?? [];

t.test('lifecycle order: prestart -> main -> poststart -> poststop; sidecars stopped after main', async (t) => {
  const { runner, driver } = await runAlloc(t, [
    mt('main', { run_for: '300ms' }),
    mt('init', { run_for: '50ms' }, { Lifecycle: { Hook: 'prestart', Sidecar: false } }),
    mt('side', { run_for: '1h' }, { Lifecycle: { Hook: 'prestart', Sidecar: true } }),
    mt('after', { run_for: '10ms' }, { Lifecycle: { Hook: 'poststart', Sidecar: false } }),
    mt('cleanup', {}, { Lifecycle: { Hook: 'poststop', Sidecar: false } }),
  ]);
  await runner.run();
  const starts = driver.calls.filter((c) => c.startsWith('start:'));
  t.same(starts.slice(0, 2).sort(), ['start:init', 'start:side'], 'prestart tasks first');
  t.same(starts.slice(2), ['start:main', 'start:after', 'start:cleanup'], 'then main, poststart, poststop');
  t.ok(driver.calls.indexOf('stop:side') > driver.calls.indexOf('start:main'), 'sidecar stopped once main finished');
  t.ok(driver.calls.indexOf('stop:side') < driver.calls.indexOf('start:cleanup'), 'before poststop starts');
  const u = runner.clientUpdate();
  t.equal(u.ClientStatus, 'complete');
  for (const name of ['main', 'init', 'side', 'after', 'cleanup']) t.equal(u.TaskStates[name]?.State, 'dead', `${name} dead`);
  t.same(events(runner, 'main'), ['Received', 'Task Setup', 'Started', 'Terminated']);
  t.same(events(runner, 'side').slice(-3), ['Killing', 'Terminated', 'Killed']);
});

t.test('a failed task kills its siblings and fails the alloc', async (t) => {
  const { runner } = await runAlloc(t, [mt('bad', { run_for: '20ms', exit_code: 3 }), mt('good', { run_for: '1h' })]);
  await runner.run();
  const u = runner.clientUpdate();
  t.equal(u.ClientStatus, 'failed');
  t.equal(u.TaskStates['bad']?.Failed, true);
  t.same(events(runner, 'bad').slice(-2), ['Terminated', 'Not Restarting']);
  t.ok(events(runner, 'good').includes('Sibling Task Failed'));
  t.equal(u.TaskStates['good']?.Failed, false, 'the killed sibling is not itself failed');
});

t.test('a dead leader kills the other tasks', async (t) => {
  const { runner } = await runAlloc(t, [mt('leader', { run_for: '20ms' }, { Leader: true }), mt('helper', { run_for: '1h' })]);
  await runner.run();
  t.equal(runner.clientUpdate().ClientStatus, 'complete');
  t.ok(events(runner, 'helper').includes('Leader Task Dead'));
});

t.test('restart policy inside the task runner', async (t) => {
  const { runner, driver } = await runAlloc(t, [mt('flaky', { run_for: '5ms', exit_code: 1 })], { attempts: 2 });
  await runner.run();
  const s = runner.taskRunner('flaky')?.taskState;
  t.equal(s?.Restarts, 2);
  t.equal(s?.Failed, true);
  t.equal(driver.calls.filter((c) => c === 'start:flaky').length, 3, 'first run + 2 restarts');
  t.ok(events(runner, 'flaky').includes('Restarting'));
  t.equal(events(runner, 'flaky').at(-1), 'Not Restarting');
});

t.test('desired stop kills running tasks; the alloc completes', async (t) => {
  const { runner, updates } = await runAlloc(t, [mt('web', { run_for: '1h' })], { type: 'service' });
  const done = runner.run();
  await waitFor('task running', () => runner.taskRunner('web')?.taskState.State === 'running');
  t.equal(updates.at(-1)?.ClientStatus, 'running');
  runner.update({ ...runner.alloc, DesiredStatus: 'stop' });
  await done;
  t.equal(runner.clientUpdate().ClientStatus, 'complete');
  t.same(events(runner, 'web').slice(-3), ['Killing', 'Terminated', 'Killed']);
});

t.test('an unknown driver fails the task without restarting', async (t) => {
  const { runner } = await runAlloc(t, [mockTask('x', 'no_such_driver', {})], { attempts: 3 });
  await runner.run();
  const s = runner.taskRunner('x')?.taskState;
  t.equal(s?.Failed, true);
  t.equal(s?.Restarts, 0);
  t.match(s?.Events.find((e) => e.Type === 'Setup Failure')?.DisplayMessage, /not enabled/);
});

t.test('state is persisted with the task handle', async (t) => {
  const { runner, store } = await runAlloc(t, [mt('web', { run_for: '1h' })], { type: 'service' });
  const done = runner.run();
  await waitFor('task running', () => runner.taskRunner('web')?.taskState.State === 'running');
  await store.flush();
  const { records } = await store.loadAll();
  t.equal(records.length, 1);
  t.equal(records[0]?.tasks['web']?.handle?.driver, 'mock_driver', 'handle on disk');
  await runner.stop();
  await done;
});

t.test('a handle that cannot be recovered: the task is restarted with an event, Restarts unchanged', async (t) => {
  const task = mt('web', { run_for: '1h' });
  const alloc = mockClientAlloc('node-1', [task], { type: 'service' });
  const taskState = newTaskState(Date.now());
  taskState.State = 'running';
  const lost: AllocRecord['tasks'][string] = {
    taskState, hookState: {}, restart: { windowStartMs: Date.now(), countInWindow: 0 }, runComplete: false,
    handle: { version: 1, driver: 'gone', taskId: `${alloc.ID}/web/deadbeef`, config: {} as TaskConfig, startedAt: 0, state: {} },
  };
  const { runner, driver } = await runAlloc(t, [task], { record: { alloc, tasks: { web: lost } } });
  const done = runner.run();
  await waitFor('task running again', () => driver.calls.includes('start:web') && runner.taskRunner('web')?.taskState.State === 'running');
  const s = runner.taskRunner('web')?.taskState;
  t.equal(s?.Restarts, 0);
  t.match(s?.Events.find((e) => e.Type === 'Restarting')?.DisplayMessage, /could not be recovered/);
  await runner.stop();
  await done;
});
