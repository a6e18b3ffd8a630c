import { describe, expect, it, vi } from "vitest";
import { fakeFetch, makeClient, messageIds, useSdkTestEnvironment } from "./helpers";

describe("queue persistence", () => {
  useSdkTestEnvironment();

  it("sends calls left unsent by the previous page, with their messageIds", async () => {
    const { sent, replies } = fakeFetch();
    replies.push({ status: 503 });
    const before = makeClient({ flushAt: 2 });
    before.track("a");
    before.track("b");
    await vi.advanceTimersByTimeAsync(0);
    const ids = messageIds(sent[0]!);
    before.destroy();

    const after = makeClient({ flushAt: 2 });
    expect(after.pending).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(2);
    expect(messageIds(sent[1]!)).toEqual(ids);
    expect(localStorage.getItem("waymark.queue")).toBeNull();
  });

  it("keeps at most maxQueue calls across a reload", () => {
    fakeFetch();
    const before = makeClient({ flushAt: 100, maxQueue: 5 });
    for (let i = 0; i < 8; i++) before.track(`e${i}`);
    before.destroy();
    const stored = JSON.parse(localStorage.getItem("waymark.queue")!) as unknown[];
    expect(stored).toHaveLength(5);
    const after = makeClient({ flushAt: 100, maxQueue: 3 });
    after.track("new");
    expect(after.pending).toBe(3);
  });

  it("ignores a corrupt stored queue", () => {
    localStorage.setItem("waymark.queue", "{not json");
    expect(makeClient().pending).toBe(0);
  });

  it("sends the queue with keepalive when the page is hidden", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 100 });
    client.track("a");
    window.dispatchEvent(new Event("pagehide"));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.init.keepalive).toBe(true);
    expect(client.pending).toBe(0);
  });

  it("keeps the calls for the next page when the keepalive request fails", async () => {
    const { sent, replies } = fakeFetch();
    replies.push(new TypeError("Failed to fetch"));
    const client = makeClient({ flushAt: 100 });
    client.track("a");
    window.dispatchEvent(new Event("pagehide"));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem("waymark.queue")!)).toHaveLength(1);
  });

  it("does not send the same calls twice when visibilitychange and pagehide both fire", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 100 });
    client.track("a");
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    try {
      document.dispatchEvent(new Event("visibilitychange"));
      window.dispatchEvent(new Event("pagehide"));
      await vi.advanceTimersByTimeAsync(0);
    } finally {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]!.init.keepalive).toBe(true);
    expect(client.pending).toBe(0);
  });
});
