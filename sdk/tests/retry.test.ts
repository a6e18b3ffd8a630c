import { describe, expect, it, vi } from "vitest";
import { MAX_DELAY_MS, backoffDelay, parseRetryAfter } from "../src/backoff";
import { Emitter } from "../src/emitter";
import { fakeFetch, makeClient, messageIds, useSdkTestEnvironment } from "./helpers";

describe("retry", () => {
  useSdkTestEnvironment();

  it("retries 5xx and network errors with growing delays and the same messageIds", async () => {
    vi.spyOn(Math, "random").mockReturnValue(1);
    const { sent, replies } = fakeFetch();
    replies.push({ status: 500 }, new TypeError("Failed to fetch"), { status: 502 });
    const client = makeClient({ flushAt: 2 });
    client.track("a");
    client.track("b");
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(sent).toHaveLength(4);
    const first = messageIds(sent[0]!);
    for (const request of sent) expect(messageIds(request)).toEqual(first);
    expect(client.pending).toBe(0);
  });

  it("honours Retry-After on 429", async () => {
    const { sent, replies } = fakeFetch();
    replies.push({ status: 429, headers: { "Retry-After": "7" } });
    const client = makeClient({ flushAt: 1 });
    client.track("a");
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(6999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(messageIds(sent[1]!)).toEqual(messageIds(sent[0]!));
  });

  it("does not retry a 400, drops the batch and emits error", async () => {
    const { sent, replies } = fakeFetch();
    replies.push({ status: 400, body: '{"title":"Invalid call"}' });
    const emitter = new Emitter();
    const errors: unknown[] = [];
    emitter.on("error", (e) => errors.push(e));
    const client = makeClient({ flushAt: 1 }, emitter);
    client.track("a");
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent).toHaveLength(1);
    expect(client.pending).toBe(0);
    expect(errors).toEqual([{ reason: "rejected", status: 400, detail: '{"title":"Invalid call"}', calls: 1 }]);
  });

  it("keeps sending later calls after a refused batch", async () => {
    const { sent, replies } = fakeFetch();
    replies.push({ status: 413 });
    const client = makeClient({ flushAt: 1 });
    client.track("a");
    await vi.advanceTimersByTimeAsync(0);
    client.track("b");
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.batch[0]!.event)).toEqual(["a", "b"]);
  });

  it("computes jittered exponential delays capped at the maximum", () => {
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(MAX_DELAY_MS);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
