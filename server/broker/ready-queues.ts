/**
 * ReadyQueues: the broker's deliverable evaluations, one heap per queue (scheduler type or
 * `_failed`). Within a queue: higher Priority first, then lower CreateIndex. Across the queues
 * a worker asks for, the highest-priority head wins; ties between queues are broken at random
 * (reservoir sampling) so that no scheduler type starves another of equal priority.
 */
import type { Evaluation } from '../../api/structs/index.js';
import type { BrokerQueue } from './broker-types.js';
import { readyBefore } from './eval-order.js';
import { Heap } from './heap.js';

/** ReadyQueues: see the file comment. */
export class ReadyQueues {
  private readonly heaps = new Map<BrokerQueue, Heap<Evaluation>>();

  /** @param random in [0, 1), for tie-breaks between queues. */
  constructor(private readonly random: () => number) {}

  /** push makes `evaluation` deliverable from `queue`. */
  push(evaluation: Evaluation, queue: BrokerQueue): void {
    let heap = this.heaps.get(queue);
    if (heap === undefined) {
      heap = new Heap(readyBefore);
      this.heaps.set(queue, heap);
    }
    heap.push(evaluation);
  }

  /** takeBest removes and returns the best head among `queues`, or undefined. */
  takeBest(queues: readonly BrokerQueue[]): Evaluation | undefined {
    let best: Heap<Evaluation> | undefined;
    let bestPriority = Number.NEGATIVE_INFINITY;
    let ties = 0;
    for (const queue of new Set(queues)) {
      const heap = this.heaps.get(queue);
      const head = heap?.peek();
      if (heap === undefined || head === undefined) continue;
      if (head.Priority > bestPriority) {
        best = heap;
        bestPriority = head.Priority;
        ties = 1;
      } else if (head.Priority === bestPriority) {
        ties++;
        if (this.random() * ties < 1) best = heap;
      }
    }
    return best?.pop();
  }

  /** sizes lists each queue's ready count. */
  sizes(): Array<[BrokerQueue, number]> {
    return [...this.heaps].map(([queue, heap]) => [queue, heap.size]);
  }

  /** clear drops everything. */
  clear(): void {
    this.heaps.clear();
  }
}
