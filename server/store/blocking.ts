/**
 * Blocking-query support: wait until some index of the store passes a value, with a timeout.
 * Nomad semantics: return when the watched index is greater than `minIndex`, or on timeout
 * (the caller then answers with the unchanged index).
 */
import type { StateStore } from './state-store.js';

/** waitForIndex resolves with the watched index once it exceeds `minIndex` or the wait ends. */
export function waitForIndex(
  store: StateStore,
  watched: () => number,
  minIndex: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number> {
  const now = watched();
  if (now > minIndex || timeoutMs <= 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (): void => {
      unsubscribe();
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve(watched());
    };
    const unsubscribe = store.onApply(() => {
      if (watched() > minIndex) finish();
    });
    const timer = setTimeout(finish, timeoutMs);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
