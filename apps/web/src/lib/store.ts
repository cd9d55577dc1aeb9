/** A tiny observable value for useSyncExternalStore: immutable snapshots, synchronous notifications. */
export class Store<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(fn: (value: T) => T): void {
    const next = fn(this.value);
    if (next === this.value) return;
    this.value = next;
    for (const l of this.listeners) l();
  }
}
