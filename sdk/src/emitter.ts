export type Handler = (payload: unknown) => void;

/** A tiny event emitter; a throwing handler must not break the SDK or the other handlers. */
export class Emitter {
  private readonly handlers = new Map<string, Set<Handler>>();

  on(name: string, handler: Handler): void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler);
  }

  off(name: string, handler?: Handler): void {
    if (handler) {
      this.handlers.get(name)?.delete(handler);
    } else {
      this.handlers.delete(name);
    }
  }

  once(name: string, handler: Handler): void {
    const wrapper: Handler = (payload) => {
      this.off(name, wrapper);
      handler(payload);
    };
    this.on(name, wrapper);
  }

  emit(name: string, payload?: unknown): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(payload);
      } catch {
        // A site's handler failing is the site's problem; the remaining handlers still run.
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
