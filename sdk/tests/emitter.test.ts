import { describe, expect, it, vi } from "vitest";
import { Emitter } from "../src/emitter";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("emitter", () => {
  useSdkTestEnvironment();

  it("calls handlers until they are removed with off", () => {
    const emitter = new Emitter();
    const seen: unknown[] = [];
    const handler = (p: unknown) => seen.push(p);
    emitter.on("x", handler);
    emitter.emit("x", 1);
    emitter.off("x", handler);
    emitter.emit("x", 2);
    expect(seen).toEqual([1]);
  });

  it("calls a once handler a single time", () => {
    const emitter = new Emitter();
    const seen: unknown[] = [];
    emitter.once("x", (p) => seen.push(p));
    emitter.emit("x", 1);
    emitter.emit("x", 2);
    expect(seen).toEqual([1]);
  });

  it("off without a handler removes every handler of the event", () => {
    const emitter = new Emitter();
    let count = 0;
    emitter.on("x", () => count++);
    emitter.on("x", () => count++);
    emitter.off("x");
    emitter.emit("x");
    expect(count).toBe(0);
  });

  it("keeps calling other handlers when one throws", () => {
    const emitter = new Emitter();
    let called = false;
    emitter.on("x", () => {
      throw new Error("site bug");
    });
    emitter.on("x", () => {
      called = true;
    });
    emitter.emit("x");
    expect(called).toBe(true);
  });

  it("emits identify, track, page and flush from the client", async () => {
    fakeFetch();
    const emitter = new Emitter();
    const names: string[] = [];
    for (const name of ["identify", "track", "page", "flush"]) emitter.on(name, () => names.push(name));
    const client = makeClient({ flushAt: 3 }, emitter);
    client.identify("u1");
    client.track("a");
    client.reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(names).toEqual(["identify", "track", "page", "flush"]);
  });
});
