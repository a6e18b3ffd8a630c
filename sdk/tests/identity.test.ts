import { describe, expect, it, vi } from "vitest";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("identity", () => {
  useSdkTestEnvironment();

  it("keeps one anonymous id across page loads", () => {
    const first = makeClient().ids.anonymousId;
    expect(first).toBeTruthy();
    expect(localStorage.getItem("waymark.anonymousId")).toBe(first);
    expect(makeClient().ids.anonymousId).toBe(first);
  });

  it("anonymous() identifies by the anonymous id alone and returns it", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 1 });
    const id = client.anonymous({ source: "landing" });
    await vi.advanceTimersByTimeAsync(0);
    expect(id).toBe(client.ids.anonymousId);
    expect(sent[0]!.batch[0]).toMatchObject({ type: "identify", anonymousId: id, traits: { source: "landing" } });
    expect(sent[0]!.batch[0]!.userId).toBeUndefined();
  });

  it("sends the user id on calls after identify, with the anonymous id kept for stitching", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 2 });
    client.identify(42, { plan: "pro" });
    client.track("a");
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.batch.map((c) => c.userId)).toEqual(["42", "42"]);
    expect(sent[0]!.batch.every((c) => c.anonymousId === client.ids.anonymousId)).toBe(true);
  });

  it("reset forgets the user, takes a new anonymous id and clears the queue", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 5 });
    client.identify("u1");
    client.track("a");
    const before = client.ids.anonymousId;
    client.reset();
    expect(client.ids.userId).toBeUndefined();
    expect(client.ids.anonymousId).not.toBe(before);
    expect(client.pending).toBe(0);
    expect(localStorage.getItem("waymark.userId")).toBeNull();
    expect(localStorage.getItem("waymark.anonymousId")).toBe(client.ids.anonymousId);
    client.track("b");
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch).toHaveLength(1);
    expect(sent[0]!.batch[0]).toMatchObject({ event: "b", anonymousId: client.ids.anonymousId });
    expect(sent[0]!.batch[0]!.userId).toBeUndefined();
  });

  it("refuses identify without an id and track without a name", () => {
    const client = makeClient();
    client.identify("");
    client.track("");
    expect(client.pending).toBe(0);
  });
});
