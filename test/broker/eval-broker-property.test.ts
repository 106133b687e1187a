/**
 * Property: under any interleaving of enqueues, dequeues, acks, nacks and time passing,
 * (1) at most one eval per job is ready-or-unacked, and
 * (2) no eval is lost: once everything is drained, every enqueued eval was acked exactly once
 *     or handed out as cancelable (superseded), never both.
 * Fixed seed; the clock is fake.
 */
import t from 'tap';
import fc from 'fast-check';
import type { Evaluation, SchedulerType } from '../../api/structs/index.js';
import { EvalBroker } from '../../server/broker/eval-broker.js';
import { FAILED_QUEUE } from '../../server/broker/broker-types.js';
import type { BrokerQueue, Delivery } from '../../server/broker/broker-types.js';
import { FakeClock } from '../mock/broker-clock.js';
import { mockEval } from '../mock/broker-evals.js';

const TYPES: SchedulerType[] = ['service', 'batch', 'system'];
const ALL: BrokerQueue[] = [...TYPES, FAILED_QUEUE];

const opArb = fc.oneof(
  fc.record({ op: fc.constant('enqueue' as const), job: fc.integer({ min: 0, max: 3 }), type: fc.integer({ min: 0, max: 2 }), priority: fc.integer({ min: 1, max: 3 }), waitMs: fc.constantFrom(0, 0, 500) }),
  fc.record({ op: fc.constant('dequeue' as const), types: fc.subarray([0, 1, 2], { minLength: 1 }) }),
  fc.record({ op: fc.constant('ack' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('nack' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(100, 1_000, 20_000, 61_000) }),
);

t.test('per-job serialisation and no lost evals', async (t) => {
  let runs = 0;
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 80 }), (ops) => {
      runs++;
      const clock = new FakeClock();
      const broker = new EvalBroker({ clock });
      broker.enable();
      const enqueued = new Set<string>();
      const acked = new Map<string, number>();
      const canceled = new Set<string>();
      const held = new Map<string, Delivery>();
      broker.events.on('nacked', (e) => held.delete(e.ID));
      let index = 0;

      const checkSerialised = (): void => {
        const jobsHeld = new Set<string>();
        for (const d of held.values()) {
          if (jobsHeld.has(d.eval.JobID)) throw new Error(`two evals of ${d.eval.JobID} are unacked`);
          jobsHeld.add(d.eval.JobID);
        }
      };
      const ack = (d: Delivery): void => {
        broker.ack(d.eval.ID, d.token);
        held.delete(d.eval.ID);
        acked.set(d.eval.ID, (acked.get(d.eval.ID) ?? 0) + 1);
      };
      const take = (queues: BrokerQueue[]): boolean => {
        const d = broker.tryDequeue(queues);
        if (d === undefined) return false;
        held.set(d.eval.ID, d);
        checkSerialised();
        return true;
      };

      for (const o of ops) {
        switch (o.op) {
          case 'enqueue': {
            index++;
            const e: Evaluation = mockEval({ JobID: `job-${o.job}`, Type: TYPES[o.type]!, Priority: o.priority, CreateIndex: index, ModifyIndex: index, Wait: o.waitMs * 1e6 });
            enqueued.add(e.ID);
            broker.enqueue(e);
            break;
          }
          case 'dequeue':
            take([...o.types.map((i) => TYPES[i]!), FAILED_QUEUE]);
            break;
          case 'ack':
          case 'nack': {
            const list = [...held.values()];
            const d = list[o.pick % Math.max(1, list.length)];
            if (d === undefined) break;
            if (o.op === 'ack') ack(d);
            else broker.nack(d.eval.ID, d.token);
            break;
          }
          case 'advance':
            clock.advance(o.ms);
            break;
        }
        for (const c of broker.takeCancelable()) canceled.add(c.ID);
      }

      // Drain: ack whatever is held, let every delay expire, deliver and ack the rest.
      for (let guard = 0; guard < 1_000; guard++) {
        for (const d of [...held.values()]) ack(d);
        for (const c of broker.takeCancelable()) canceled.add(c.ID);
        if (take(ALL)) continue;
        const s = broker.stats();
        if (s.totalWaiting === 0 && s.totalReady === 0 && s.totalPending === 0 && s.totalUnacked === 0) break;
        clock.advance(61_000);
      }
      for (const id of enqueued) {
        const times = acked.get(id) ?? 0;
        if (canceled.has(id) && times > 0) throw new Error(`${id} both acked and canceled`);
        if (!canceled.has(id) && times !== 1) throw new Error(`${id} acked ${times} times`);
      }
      return true;
    }),
    { seed: 20261123, numRuns: 200 },
  );
  t.equal(runs, 200, 'every generated interleaving held both properties');
});
