import { backoffDelay } from "./backoff";
import type { Call, CallType, Properties } from "./call";
import { ContentController } from "./content/controller";
import { Emitter } from "./emitter";
import { uuid } from "./ids";
import { settings, type Options, type Settings } from "./options";
import { currentPage } from "./page";
import { Queue } from "./queue";
import { watchRoutes } from "./routes";
import { KEYS, type Store } from "./storage";
import { httpTransport, type SendResult, type Transport } from "./transport";
import { LIBRARY_NAME, VERSION } from "./version";

/** The server refuses requests above 500 KB; stay well under it. */
const MAX_BODY_BYTES = 400 * 1024;
/** Browsers allow 64 KB in flight across all keepalive requests of a page. */
const MAX_KEEPALIVE_BYTES = 60 * 1024;
/** The server refuses a batch as a whole when one call is over 32 KB, so such a call must not join a batch. */
const MAX_CALL_BYTES = 32 * 1024;

export interface IdentifyOptions {
  /** The user's identity-verification signature, sent with content requests. */
  signature?: string;
}

export interface ClientDeps {
  store: Store;
  emitter: Emitter;
  transport?: Transport;
}

export class Client {
  private readonly settings: Settings;
  private readonly store: Store;
  private readonly emitter: Emitter;
  private readonly transport: Transport;
  private readonly queue: Queue;
  private allowed: boolean;
  private userId: string | undefined;
  private anonymousId: string;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private inflight: Promise<void> | undefined;
  /** Identify calls with traits whose arrival may change what the server decides: content is asked again once sent. */
  private readonly refreshWhenSent = new Set<string>();
  private readonly stops: Array<() => void> = [];
  private readonly content: ContentController;

  constructor(writeKey: string, options: Options, deps: ClientDeps) {
    if (typeof writeKey !== "string" || writeKey === "") {
      throw new TypeError("waymark.initialize: the workspace write key (wk_…) is required");
    }
    this.settings = settings(options);
    this.store = deps.store;
    this.emitter = deps.emitter;
    this.transport = deps.transport ?? httpTransport(this.settings.endpoint, writeKey);
    this.queue = new Queue(this.store, this.settings.maxQueue);
    // Reading storage is not storing: ids from an earlier consented visit are reused, so one visitor stays one.
    this.anonymousId = this.store.get(KEYS.anonymousId) ?? uuid();
    this.userId = this.store.get(KEYS.userId) ?? undefined;
    this.allowed = !this.settings.consentMode;
    this.content = new ContentController(
      { endpoint: this.settings.endpoint, writeKey, environment: this.settings.environment, signature: this.settings.signature },
      {
        allowed: () => this.allowed,
        ids: () => this.ids,
        track: (event, properties) => this.track(event, properties),
        flush: () => this.flush(),
      },
      this.emitter,
    );
    if (this.allowed) this.startPersisting();
    this.listenForPageHide();
    // Content is asked for on every route even without automatic page calls: what to show depends on the path.
    this.stops.push(watchRoutes(() => this.routeChanged()));
    this.routeChanged();
    if (this.allowed && this.queue.length > 0) this.schedule();
  }

  identify(userId: string | number, traits?: Properties, options?: IdentifyOptions): void {
    const id = userId === undefined || userId === null ? "" : String(userId);
    if (id === "") {
      this.emitter.emit("error", { reason: "invalid-call", detail: "identify needs a user id" });
      return;
    }
    this.userId = id;
    if (this.allowed) this.store.set(KEYS.userId, id);
    if (options?.signature) this.content.signature = options.signature;
    const call = this.enqueue("identify", traits ? { traits } : {});
    if (call) this.emitter.emit("identify", call);
    if (call && traits) this.refreshWhenSent.add(call.messageId);
    this.content.refresh();
  }

  /** Identifies a visitor who has not signed in, by the anonymous id alone; returns that id. */
  anonymous(traits?: Properties): string {
    const call = this.enqueue("identify", traits ? { traits } : {}, false);
    if (call) this.emitter.emit("identify", call);
    return this.anonymousId;
  }

  track(event: string, properties?: Properties): void {
    if (typeof event !== "string" || event === "") {
      this.emitter.emit("error", { reason: "invalid-call", detail: "track needs an event name" });
      return;
    }
    const call = this.enqueue("track", { event, properties: properties ?? {} });
    if (call) this.emitter.emit("track", call);
    this.content.tracked(event);
  }

  reload(): void {
    this.page();
    this.content.refresh();
  }

  /** Shows one flow or survey whatever its targeting, replacing the one of its kind on screen. */
  trigger(contentId: string): void {
    this.content.trigger(contentId);
  }

  /** Closes a flow, survey or checklist on screen, recorded as dismissed. */
  end(contentId: string): void {
    this.content.end(contentId);
  }

  reset(): void {
    this.content.clear();
    this.content.signature = undefined;
    this.userId = undefined;
    this.anonymousId = uuid();
    this.queue.clear();
    this.refreshWhenSent.clear();
    this.clearTimers();
    this.attempt = 0;
    if (this.allowed) {
      this.store.remove(KEYS.userId);
      this.store.set(KEYS.anonymousId, this.anonymousId);
    }
    this.emitter.emit("reset", { anonymousId: this.anonymousId });
    this.content.refresh();
  }

  consent(granted: boolean): void {
    if (granted) {
      if (this.allowed) return;
      this.allowed = true;
      this.startPersisting();
      if (this.queue.length > 0) void this.flush();
      this.content.refresh();
    } else {
      this.allowed = false;
      this.content.clear();
      this.clearTimers();
      this.queue.clear();
      this.queue.unpersist();
      this.store.remove(KEYS.userId);
      this.store.remove(KEYS.anonymousId);
    }
    this.emitter.emit("consent", { granted });
  }

  get ids(): { userId: string | undefined; anonymousId: string } {
    return { userId: this.userId, anonymousId: this.anonymousId };
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Sends queued calls now, a batch at a time. Waits for a batch already in flight first, so that when it resolves the
   * calls queued before it was called have been answered (the content refresh after a watched event relies on it).
   */
  async flush(): Promise<void> {
    while (this.inflight) await this.inflight;
    if (!this.allowed || this.retryTimer !== undefined || this.queue.length === 0) return;
    const sending = this.sendBatch();
    this.inflight = sending;
    try {
      await sending;
    } finally {
      if (this.inflight === sending) this.inflight = undefined;
    }
  }

  private async sendBatch(): Promise<void> {
    this.clearFlushTimer();
    const batch = this.take(MAX_BODY_BYTES);
    const result = await this.transport.send(batch, false);
    if (result.kind === "retry") {
      this.attempt++;
      // The calls stay queued unchanged, so the retry carries the same messageIds and the server stores each once.
      const delay = result.retryAfterMs ?? backoffDelay(this.attempt);
      this.emitter.emit("error", { reason: "send-failed", status: result.status, retryInMs: delay, calls: batch.length });
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.flush();
      }, delay);
      return;
    }
    this.attempt = 0;
    this.settle(batch, result);
    if (this.queue.length >= this.settings.flushAt) void this.flush();
    else if (this.queue.length > 0) this.schedule();
  }

  destroy(): void {
    this.content.clear();
    this.clearTimers();
    for (const stop of this.stops.splice(0)) stop();
  }

  private routeChanged(): void {
    if (this.settings.autoPage) this.page();
    this.content.refresh();
  }

  private page(): void {
    const call = this.enqueue("page", { properties: { ...currentPage() } });
    if (call) this.emitter.emit("page", call);
  }

  private settle(batch: Call[], result: SendResult): void {
    if (result.kind === "ok") {
      this.queue.remove(batch);
      this.emitter.emit("flush", { calls: batch.length });
      // Segments may match on the traits just stored, so the first answer (asked before they arrived) is asked again.
      if (batch.some((c) => this.refreshWhenSent.delete(c.messageId))) this.content.refresh();
    } else if (result.kind === "drop") {
      // The server refused the batch as a whole for its content; sending it again cannot succeed.
      this.queue.remove(batch);
      this.emitter.emit("error", { reason: "rejected", status: result.status, detail: result.detail, calls: batch.length });
    }
  }

  /** Queues a call and returns it, or undefined when it was refused. */
  private enqueue(type: CallType, fields: Partial<Call>, withUser = true): Call | undefined {
    const call: Call = {
      type,
      messageId: uuid(),
      timestamp: new Date().toISOString(),
      anonymousId: this.anonymousId,
      ...fields,
      context: {
        library: { name: LIBRARY_NAME, version: VERSION },
        page: currentPage(),
        userAgent: globalThis.navigator?.userAgent ?? "",
        ...(globalThis.navigator?.language ? { locale: globalThis.navigator.language } : {}),
      },
    };
    if (withUser && this.userId !== undefined) call.userId = this.userId;
    const bytes = new TextEncoder().encode(JSON.stringify(call)).length;
    if (bytes > MAX_CALL_BYTES) {
      this.emitter.emit("error", { reason: "invalid-call", detail: `a ${type} call is over 32 KB` });
      return undefined;
    }
    const dropped = this.queue.push(call);
    if (dropped > 0) this.emitter.emit("error", { reason: "queue-full", dropped });
    if (this.allowed) {
      if (this.queue.length >= this.settings.flushAt) void this.flush();
      else this.schedule();
    }
    return call;
  }

  /** The oldest calls, at most flushAt of them and at most maxBytes of JSON (always at least one). */
  private take(maxBytes: number, skip: ReadonlySet<string> = new Set()): Call[] {
    const candidates = skip.size === 0 ? this.queue.peek(this.settings.flushAt) : this.queue.peek(this.queue.length).filter((c) => !skip.has(c.messageId));
    const batch = candidates.slice(0, this.settings.flushAt);
    let bytes = 0;
    for (let i = 0; i < batch.length; i++) {
      bytes += JSON.stringify(batch[i]).length + 1;
      if (bytes > maxBytes && i > 0) return batch.slice(0, i);
    }
    return batch;
  }

  private schedule(): void {
    if (this.flushTimer !== undefined || this.retryTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.settings.flushInterval);
  }

  private startPersisting(): void {
    this.store.set(KEYS.anonymousId, this.anonymousId);
    if (this.userId !== undefined) this.store.set(KEYS.userId, this.userId);
    this.queue.persist();
  }

  /**
   * On leaving, send everything with fetch keepalive rather than sendBeacon: sendBeacon cannot set the
   * Authorization header the ingest API requires. What is not acknowledged stays in storage and goes
   * out with the same messageIds on the next page, so a call that did arrive is not stored twice.
   */
  private listenForPageHide(): void {
    // visibilitychange and pagehide often both fire on leaving; calls already on their way are not sent twice.
    const leaving = new Set<string>();
    const send = () => {
      if (!this.allowed) return;
      // One request only: the 64 KB keepalive allowance is shared by the whole page.
      const batch = this.take(MAX_KEEPALIVE_BYTES, leaving);
      if (batch.length === 0) return;
      for (const c of batch) leaving.add(c.messageId);
      void this.transport.send(batch, true).then((result) => {
        for (const c of batch) leaving.delete(c.messageId);
        this.settle(batch, result);
      });
    };
    const onVisibility = () => {
      if (globalThis.document?.visibilityState === "hidden") send();
    };
    globalThis.addEventListener("pagehide", send);
    globalThis.document?.addEventListener("visibilitychange", onVisibility);
    this.stops.push(() => {
      globalThis.removeEventListener("pagehide", send);
      globalThis.document?.removeEventListener("visibilitychange", onVisibility);
    });
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private clearTimers(): void {
    this.clearFlushTimer();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
