/**
 * TypedEvents: a minimal event emitter typed over an events interface (one method per event),
 * used by the broker, blocked evals and the plan applier to report metrics and transitions.
 */

/** EventMap constrains an events interface: every member is a listener signature. */
export type EventMap<Events> = { [K in keyof Events]: (...args: never[]) => void };

/** TypedEvents lets callers subscribe to `Events`; listeners run synchronously in order. A
 * listener that throws does not break the component: the error goes to `onListenerError`. */
export class TypedEvents<Events extends EventMap<Events>> {
  private readonly listeners = new Map<keyof Events, Array<Events[keyof Events]>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  /** on subscribes a listener; returns a function that unsubscribes it. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return () => {
      const current = this.listeners.get(event);
      if (current === undefined) return;
      const i = current.indexOf(listener);
      if (i >= 0) current.splice(i, 1);
    };
  }

  /** emit calls every listener of `event` with `args`. */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const list = this.listeners.get(event);
    if (list === undefined) return;
    for (const listener of [...list]) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
