import { describe, expect, it, vi } from "vitest";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("consent mode", () => {
  useSdkTestEnvironment();

  it("sends and stores nothing before consent", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ consentMode: true, flushAt: 1, autoPage: true });
    client.identify("u1");
    client.track("a");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
    expect(localStorage.length).toBe(0);
    expect(client.pending).toBe(3);
  });

  it("sends the calls queued before consent once consent is given", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ consentMode: true, flushAt: 20 });
    client.identify("u1");
    client.track("a");
    client.consent(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch.map((c) => c.type)).toEqual(["identify", "track"]);
    expect(sent[0]!.batch.every((c) => c.userId === "u1" || c.type === "identify")).toBe(true);
    expect(localStorage.getItem("waymark.userId")).toBe("u1");
    expect(localStorage.getItem("waymark.anonymousId")).toBe(client.ids.anonymousId);
  });

  it("stops sending and forgets stored data when consent is withdrawn", async () => {
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 20 });
    client.identify("u1");
    client.track("a");
    expect(localStorage.length).toBeGreaterThan(0);
    client.consent(false);
    client.track("b");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
    expect(localStorage.length).toBe(0);
  });
});
