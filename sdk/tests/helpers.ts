import { afterEach, beforeEach, vi } from "vitest";
import type { Call } from "../src/call";
import { Client } from "../src/client";
import type { ContentResponse } from "../src/content/types";
import { Emitter } from "../src/emitter";
import type { Options } from "../src/options";
import { browserStore } from "../src/storage";

export interface Sent {
  url: string;
  init: RequestInit;
  batch: Call[];
  sentAt: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ContentRequest {
  url: URL;
  headers: Record<string, string>;
}

/**
 * A fetch stand-in that records each batch and answers from a script (then 200 by default); content requests
 * are recorded apart and answered from their own script (then with nothing to show).
 */
export function fakeFetch() {
  const sent: Sent[] = [];
  const replies: Array<Reply | Error> = [];
  const contentRequests: ContentRequest[] = [];
  const contentReplies: ContentResponse[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    if (url.includes("/v1/content")) {
      contentRequests.push({ url: new URL(url), headers: { ...(init.headers as Record<string, string>) } });
      const content = contentReplies.shift() ?? { flows: [], checklists: [], watch_events: [] };
      return { ok: true, status: 200, json: async () => content } as unknown as Response;
    }
    const body = JSON.parse(String(init.body)) as { batch: Call[]; sentAt: string };
    sent.push({ url, init, batch: body.batch, sentAt: body.sentAt });
    const reply = replies.shift() ?? { status: 200 };
    if (reply instanceof Error) throw reply;
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      headers: new Headers(reply.headers ?? {}),
      text: async () => reply.body ?? "",
    } as unknown as Response;
  });
  vi.stubGlobal("fetch", fn);
  return { sent, replies, fn, contentRequests, contentReplies };
}

const clients: Client[] = [];

export function makeClient(options: Partial<Options> = {}, emitter = new Emitter()): Client {
  const client = new Client("wk_test", { endpoint: "https://waymark.test", autoPage: false, ...options }, { store: browserStore(), emitter });
  clients.push(client);
  return client;
}

export function messageIds(sent: Sent): string[] {
  return sent.batch.map((c) => c.messageId);
}

export function useSdkTestEnvironment(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    // Content is fetched on start; a test that does not script fetch must still not reach the network.
    fakeFetch();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    document.body.replaceChildren();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}
