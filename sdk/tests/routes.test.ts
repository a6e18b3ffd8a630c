import { describe, expect, it, vi } from "vitest";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("automatic page calls", () => {
  useSdkTestEnvironment();

  const pages = (sent: ReturnType<typeof fakeFetch>["sent"]) =>
    sent.flatMap((s) => s.batch).filter((c) => c.type === "page").map((c) => c.properties?.path);

  it("sends a page call on initialize and on pushState, replaceState, popstate and hashchange", async () => {
    history.replaceState(null, "", "/start");
    const { sent } = fakeFetch();
    makeClient({ autoPage: true, flushAt: 1 });
    history.pushState(null, "", "/one");
    history.replaceState(null, "", "/two");
    history.pushState(null, "", "/three");
    history.replaceState(null, "", "/one");
    window.dispatchEvent(new PopStateEvent("popstate"));
    history.replaceState(null, "", "/one#tab");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pages(sent)).toEqual(["/start", "/one", "/two", "/three", "/one", "/one"]);
  });

  it("sends one page call when a navigation fires both popstate and hashchange", async () => {
    history.replaceState(null, "", "/a");
    const { sent } = fakeFetch();
    makeClient({ autoPage: true, flushAt: 1 });
    location.hash = "#x";
    window.dispatchEvent(new PopStateEvent("popstate"));
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent.flatMap((s) => s.batch).filter((c) => c.type === "page")).toHaveLength(2);
  });

  it("does not send a page call when the URL did not change", async () => {
    history.replaceState(null, "", "/same");
    const { sent } = fakeFetch();
    makeClient({ autoPage: true, flushAt: 1 });
    history.replaceState({ scroll: 1 }, "", "/same");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pages(sent)).toEqual(["/same"]);
  });

  it("wraps history once however many clients start", () => {
    makeClient({ autoPage: true });
    const pushState = history.pushState;
    makeClient({ autoPage: true });
    expect(history.pushState).toBe(pushState);
  });

  it("page calls carry url, path, title and referrer", async () => {
    history.replaceState(null, "", "/docs?q=1");
    document.title = "Docs";
    const { sent } = fakeFetch();
    const client = makeClient({ flushAt: 1 });
    client.reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.batch[0]!.properties).toEqual({
      url: location.href,
      path: "/docs",
      search: "?q=1",
      title: "Docs",
      referrer: document.referrer,
    });
  });
});
