import type { Call } from "./call";
import { KEYS, type Store } from "./storage";

/**
 * The unsent calls, oldest first, bounded by maxQueue (the oldest are dropped beyond it) and mirrored to
 * localStorage only while persisting is allowed, so calls survive a reload without being written before consent.
 */
export class Queue {
  private items: Call[] = [];
  private persisting = false;

  constructor(
    private readonly store: Store,
    private readonly maxQueue: number,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** Returns how many of the oldest calls were dropped to stay within the bound. */
  push(call: Call): number {
    this.items.push(call);
    const dropped = this.trim();
    this.save();
    return dropped;
  }

  peek(count: number): Call[] {
    return this.items.slice(0, count);
  }

  /** Removes by messageId rather than by position: calls may have been dropped while a batch was in flight. */
  remove(calls: readonly Call[]): void {
    const ids = new Set(calls.map((c) => c.messageId));
    this.items = this.items.filter((c) => !ids.has(c.messageId));
    this.save();
  }

  clear(): void {
    this.items = [];
    this.save();
  }

  /** Starts mirroring to storage and takes in the calls a previous page left unsent. */
  persist(): void {
    this.persisting = true;
    const stored = readStored(this.store.get(KEYS.queue));
    if (stored.length > 0) {
      const known = new Set(this.items.map((c) => c.messageId));
      this.items = [...stored.filter((c) => !known.has(c.messageId)), ...this.items];
      this.trim();
    }
    this.save();
  }

  /** Stops mirroring and forgets what was stored (consent withdrawn). */
  unpersist(): void {
    this.persisting = false;
    this.store.remove(KEYS.queue);
  }

  private trim(): number {
    const excess = this.items.length - this.maxQueue;
    if (excess <= 0) return 0;
    this.items.splice(0, excess);
    return excess;
  }

  private save(): void {
    if (!this.persisting) return;
    if (this.items.length === 0) {
      this.store.remove(KEYS.queue);
      return;
    }
    // A full storage quota keeps the newest half rather than losing everything on the next reload.
    let kept = this.items;
    while (kept.length > 0 && !this.store.set(KEYS.queue, JSON.stringify(kept))) {
      kept = kept.slice(Math.ceil(kept.length / 2));
    }
  }
}

function readStored(raw: string | null): Call[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed)
      ? parsed.filter((c): c is Call => typeof c === "object" && c !== null && typeof (c as Call).messageId === "string")
      : [];
  } catch {
    return [];
  }
}
