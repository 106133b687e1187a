/**
 * A pass-through fault policy for the etcd3 client. etcd3's default global policy retries
 * "recoverable" failures up to 3 times and its host policy is a circuit breaker. Retrying a txn
 * whose first attempt may have committed would apply it twice, so Drover turns both off and
 * handles retries itself (reads are retried by callers; writes are re-read before a retry).
 */
import type { IOptions } from 'etcd3';

type FaultPolicy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

const noListeners = (): { dispose(): void } => ({ dispose: () => undefined });

/** noRetryPolicy runs each call exactly once. */
export function noRetryPolicy(): FaultPolicy {
  const policy = {
    onSuccess: noListeners,
    onFailure: noListeners,
    // async: a synchronous throw of `fn` must become a rejection (etcd3's markFailed relies on it).
    async execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T> {
      return await fn({ signal: signal ?? new AbortController().signal });
    },
  };
  return policy as unknown as FaultPolicy;
}
