import { afterEach, describe, expect, it, vi } from "vitest";
import * as waymark from "../src/index";
import { fakeFetch, useSdkTestEnvironment } from "./helpers";

describe("public API", () => {
  useSdkTestEnvironment();
  afterEach(() => waymark.consent(false));

  it("replays calls made before initialize", async () => {
    const { sent } = fakeFetch();
    waymark.identify("early", { plan: "pro" });
    waymark.track("clicked");
    waymark.initialize("wk_abc", { endpoint: "https://waymark.test", autoPage: false, flushAt: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent[0]!.batch.map((c) => c.type)).toEqual(["identify", "track"]);
    expect(sent[0]!.batch[1]!.userId).toBe("early");
  });

  it("emits trigger and end for the content layer", () => {
    const seen: unknown[] = [];
    waymark.on("trigger", (p) => seen.push(["trigger", p]));
    waymark.once("end", (p) => seen.push(["end", p]));
    waymark.trigger("flow_1");
    waymark.end("flow_1");
    waymark.end("flow_1");
    waymark.off("trigger");
    waymark.trigger("flow_2");
    expect(seen).toEqual([
      ["trigger", { contentId: "flow_1" }],
      ["end", { contentId: "flow_1" }],
    ]);
  });

  it("passes identify's signature to content requests and asks for a triggered flow", async () => {
    const { contentRequests } = fakeFetch();
    waymark.initialize("wk_abc", { endpoint: "https://waymark.test", autoPage: false });
    waymark.identify("u9", {}, { signature: "sig-9" });
    waymark.trigger("flw_9");
    await vi.advanceTimersByTimeAsync(0);
    const last = contentRequests.at(-1)!;
    expect(last.url.searchParams.get("user_id")).toBe("u9");
    expect(last.url.searchParams.get("trigger")).toBe("flw_9");
    expect(last.headers["X-Waymark-User-Signature"]).toBe("sig-9");
  });

  it("requires an endpoint", () => {
    expect(() => waymark.initialize("wk_abc", {} as waymark.Options)).toThrow(/endpoint/);
  });
});
