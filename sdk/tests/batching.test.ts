import { describe, expect, it, vi } from "vitest";
import { Emitter } from "../src/emitter";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("batching", () => {
  useSdkTestEnvironment();

  it("sends nothing below flushAt until the interval passes", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 3, flushInterval: 2000 });
    client.track("a");
    client.track("b");
    await Promise.resolve();
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch.map((c) => c.event)).toEqual(["a", "b"]);
  });

  it("flush waits for the batch in flight, then sends the calls queued meanwhile before it resolves", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches: string[][] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit) => {
        const body = JSON.parse(String(init.body)) as { batch: Array<{ event?: string }> };
        batches.push(body.batch.map((c) => c.event ?? ""));
        if (batches.length === 1) await gate;
        return { ok: true, status: 200, headers: new Headers(), text: async () => "" } as unknown as Response;
      }),
    );
    const client = makeClient({ flushAt: 1, flushInterval: 60_000 });
    client.track("first");
    await vi.advanceTimersByTimeAsync(0);
    client.track("second");
    let resolved = false;
    const flushed = client.flush().then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(false);
    release();
    await flushed;
    expect(batches).toEqual([["first"], ["second"]]);
    expect(client.pending).toBe(0);
  });

  it("sends a batch as soon as flushAt calls are queued", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 3, flushInterval: 60_000 });
    client.track("a");
    client.track("b");
    client.track("c");
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch).toHaveLength(3);
    expect(client.pending).toBe(0);
  });

  it("never puts more than flushAt calls in one request", async () => {
    const { sent, replies } = fakeFetch();
    replies.push({ status: 503 });
    const client = makeClient({ flushAt: 2, flushInterval: 60_000 });
    client.track("a");
    client.track("b");
    await vi.advanceTimersByTimeAsync(0);
    client.track("c");
    client.track("d");
    client.track("e");
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sent.every((s) => s.batch.length <= 2)).toBe(true);
    expect(client.pending).toBe(0);
  });

  it("posts the Segment batch shape with Basic auth of the write key", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 1, endpoint: "https://waymark.test/" });
    client.identify("u1", { plan: "pro" });
    await vi.advanceTimersByTimeAsync(0);
    const request = sent[0]!;
    expect(request.url).toBe("https://waymark.test/v1/batch");
    expect(request.init.method).toBe("POST");
    const headers = request.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe(`Basic ${btoa("wk_test:")}`);
    expect(headers["Content-Type"]).toBe("application/json");
    expect(Number.isNaN(Date.parse(request.sentAt))).toBe(false);
    const call = request.batch[0]!;
    expect(call).toMatchObject({ type: "identify", userId: "u1", traits: { plan: "pro" } });
    expect(call.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.anonymousId).toBeTruthy();
    expect(Number.isNaN(Date.parse(call.timestamp))).toBe(false);
    expect(call.context.library).toEqual({ name: "waymark-js", version: expect.any(String) });
    expect(call.context.page.url).toBe(location.href);
    expect(typeof call.context.userAgent).toBe("string");
  });

  it("drops the oldest calls beyond maxQueue and says so", async () => {
    const { sent } = fakeFetch();
    const errors: unknown[] = [];
    const emitter = new Emitter();
    emitter.on("error", (e) => errors.push(e));
    const client = makeClient({ flushAt: 100, maxQueue: 3 }, emitter);
    for (const name of ["a", "b", "c", "d", "e"]) client.track(name);
    expect(client.pending).toBe(3);
    expect(errors).toEqual([
      { reason: "queue-full", dropped: 1 },
      { reason: "queue-full", dropped: 1 },
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent[0]!.batch.map((c) => c.event)).toEqual(["c", "d", "e"]);
  });

  it("refuses a call over 32 KB instead of letting it sink its batch", () => {
    fakeFetch();
    const errors: unknown[] = [];
    const emitter = new Emitter();
    emitter.on("error", (e) => errors.push(e));
    const client = makeClient({ flushAt: 100 }, emitter);
    client.track("big", { blob: "x".repeat(33 * 1024) });
    client.track("small");
    expect(client.pending).toBe(1);
    expect(errors).toEqual([{ reason: "invalid-call", detail: "a track call is over 32 KB" }]);
  });
});
