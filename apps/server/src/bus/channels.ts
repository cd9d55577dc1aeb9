/** Handlers by channel key; a publish reaches them synchronously, in subscription order. */
export class Channels<E> {
  private readonly handlers = new Map<string, Set<(event: E) => void>>();

  constructor(private readonly onError: (err: unknown, key: string) => void) {}

  publish(key: string, event: E): void {
    const set = this.handlers.get(key);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (err) {
        this.onError(err, key);
      }
    }
  }

  subscribe(key: string, handler: (event: E) => void): () => void {
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    const entry = set;
    return () => {
      entry.delete(handler);
      if (entry.size === 0 && this.handlers.get(key) === entry) this.handlers.delete(key);
    };
  }

  has(key: string): boolean {
    return this.handlers.has(key);
  }

  clear(): void {
    this.handlers.clear();
  }
}
