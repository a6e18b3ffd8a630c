/**
 * localStorage that never throws: it is missing in some sandboxed iframes, throws in some private modes,
 * and fills up; the SDK then keeps working in memory only.
 */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string): boolean;
  remove(key: string): void;
}

export const KEYS = {
  anonymousId: "waymark.anonymousId",
  userId: "waymark.userId",
  queue: "waymark.queue",
} as const;

export function browserStore(): Store {
  const ls = (): Storage | null => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  };
  return {
    get(key) {
      try {
        return ls()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        const s = ls();
        if (!s) return false;
        s.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        ls()?.removeItem(key);
      } catch {
        // Nothing to clean up when storage is unavailable.
      }
    },
  };
}
