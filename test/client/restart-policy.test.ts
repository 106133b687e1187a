import t from 'tap';
import type { JobType, RestartPolicy } from '../../api/structs/index.js';
import { defaultRestartPolicy, restartOnSuccess, RestartTracker } from '../../client/taskrunner/restart-policy.js';
import type { RestartDecision, TaskExit } from '../../client/taskrunner/restart-policy.js';

const S = 1_000_000_000;
const fail: TaskExit = { kind: 'exited', exitCode: 1, signal: 0 };
const ok: TaskExit = { kind: 'exited', exitCode: 0, signal: 0 };

t.test('Nomad defaults per job type', async (t) => {
  t.same(defaultRestartPolicy('service'), { Attempts: 2, Interval: 1800 * S, Delay: 15 * S, Mode: 'fail' });
  t.same(defaultRestartPolicy('system'), { Attempts: 2, Interval: 1800 * S, Delay: 15 * S, Mode: 'fail' });
  t.same(defaultRestartPolicy('batch'), { Attempts: 3, Interval: 86400 * S, Delay: 15 * S, Mode: 'fail' });
  t.same(defaultRestartPolicy('sysbatch'), { Attempts: 3, Interval: 86400 * S, Delay: 15 * S, Mode: 'fail' });
});

t.test('restart on success: service main tasks and sidecars only', async (t) => {
  const table: Array<[JobType, Parameters<typeof restartOnSuccess>[1], boolean]> = [
    ['service', undefined, true], ['system', undefined, true], ['batch', undefined, false], ['sysbatch', undefined, false],
    ['service', { Hook: 'prestart', Sidecar: false }, false], ['service', { Hook: 'prestart', Sidecar: true }, true],
    ['service', { Hook: 'poststart', Sidecar: true }, true], ['service', { Hook: 'poststop', Sidecar: false }, false],
  ];
  for (const [type, lc, want] of table) t.equal(restartOnSuccess(type, lc), want, `${type} ${JSON.stringify(lc)}`);
});

interface Row {
  name: string;
  policy: RestartPolicy;
  onSuccess: boolean;
  /** [ms since start, exit] */
  exits: Array<[number, TaskExit]>;
  want: Array<RestartDecision['kind'] | `restart:${number}`>;
}

const pol = (Attempts: number, intervalS: number, delayS: number, Mode: 'fail' | 'delay'): RestartPolicy => ({ Attempts, Interval: intervalS * S, Delay: delayS * S, Mode });

const rows: Row[] = [
  { name: 'batch success never restarts', policy: pol(3, 60, 1, 'fail'), onSuccess: false, exits: [[0, ok]], want: ['done'] },
  { name: 'service success restarts (counted)', policy: pol(1, 60, 1, 'fail'), onSuccess: true, exits: [[0, ok], [10, ok]], want: ['restart:1000', 'fail'] },
  { name: 'attempts=0 never restarts', policy: pol(0, 60, 1, 'fail'), onSuccess: false, exits: [[0, fail]], want: ['fail'] },
  { name: 'within attempts: delay (+ jitter 0 here)', policy: pol(2, 60, 2, 'fail'), onSuccess: false, exits: [[0, fail], [1, fail], [2, fail]], want: ['restart:2000', 'restart:2000', 'fail'] },
  { name: 'interval elapsed resets the count', policy: pol(1, 10, 1, 'fail'), onSuccess: false, exits: [[0, fail], [11_000, fail], [11_500, fail]], want: ['restart:1000', 'restart:1000', 'fail'] },
  { name: 'mode delay waits for the window end', policy: pol(1, 10, 1, 'delay'), onSuccess: false, exits: [[0, fail], [4_000, fail], [10_000, fail]], want: ['restart:1000', 'restart:6000', 'restart:1000'] },
  { name: 'unrecoverable start error: no restart', policy: pol(5, 60, 1, 'fail'), onSuccess: true, exits: [[0, { kind: 'start-error', message: 'bad', recoverable: false }]], want: ['fail'] },
  { name: 'recoverable start error counts', policy: pol(1, 60, 1, 'fail'), onSuccess: true, exits: [[0, { kind: 'start-error', message: 'busy', recoverable: true }], [1, { kind: 'start-error', message: 'busy', recoverable: true }]], want: ['restart:1000', 'fail'] },
  { name: 'killed task is done', policy: pol(5, 60, 1, 'fail'), onSuccess: true, exits: [[0, { kind: 'killed' }]], want: ['done'] },
  { name: 'signal death is a failure', policy: pol(0, 60, 1, 'fail'), onSuccess: false, exits: [[0, { kind: 'exited', exitCode: 0, signal: 9 }]], want: ['fail'] },
];

t.test('restart policy state machine', async (t) => {
  for (const row of rows) {
    let now = 1_000_000;
    const start = now;
    const tracker = new RestartTracker(row.policy, row.onSuccess, undefined, () => now, () => 0);
    const got = row.exits.map(([at, exit]) => {
      now = start + at;
      const d = tracker.decide(exit);
      return d.kind === 'restart' ? `restart:${d.delayMs}` : d.kind;
    });
    t.same(got, row.want, row.name);
  }
});

t.test('jitter adds up to 25% of the delay', async (t) => {
  const tracker = new RestartTracker(pol(5, 60, 4, 'fail'), false, undefined, () => 0, () => 0.999);
  const d = tracker.decide(fail);
  t.equal(d.kind, 'restart');
  if (d.kind === 'restart') t.ok(d.delayMs > 4000 && d.delayMs <= 5000, `delay ${d.delayMs}`);
});

t.test('fail reason names attempts, interval and mode', async (t) => {
  const tracker = new RestartTracker(pol(0, 1800, 15, 'fail'), false, undefined, () => 0, () => 0);
  t.same(tracker.decide(fail), { kind: 'fail', reason: 'Exceeded allowed attempts 0 in interval 30m0s and mode is "fail"' });
});
