import { describe, expect, it } from "vitest";
import type { ContentResponse } from "../src/content/types";
import { Emitter } from "../src/emitter";
import { settle, startWith } from "./content-helpers";
import { fakeFetch, makeClient, useSdkTestEnvironment } from "./helpers";

describe("content requests", () => {
  useSdkTestEnvironment();

  it("asks for the page's content with the write key, the anonymous id and the production environment", async () => {
    history.replaceState(null, "", "/projects/7?tab=1");
    const { fetch, client } = await startWith({});
    const request = fetch.contentRequests[0]!;
    expect(`${request.url.origin}${request.url.pathname}`).toBe("https://waymark.test/v1/content");
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      anonymous_id: client.ids.anonymousId,
      path: "/projects/7",
      environment: "production",
    });
    expect(request.headers.Authorization).toBe(`Basic ${btoa("wk_test:")}`);
    expect(request.headers["X-Waymark-User-Signature"]).toBeUndefined();
  });

  it("names the user and sends the signature given to initialize, in the configured environment", async () => {
    const { fetch, client } = await startWith({}, { signature: "sig-init", environment: "staging" });
    client.identify("u1");
    await settle();
    const request = fetch.contentRequests[1]!;
    expect(request.url.searchParams.get("user_id")).toBe("u1");
    expect(request.url.searchParams.has("anonymous_id")).toBe(false);
    expect(request.url.searchParams.get("environment")).toBe("staging");
    expect(request.headers["X-Waymark-User-Signature"]).toBe("sig-init");
  });

  it("asks again once an identify with traits has reached the server, so segments see the traits", async () => {
    const { fetch, client } = await startWith({});
    client.identify("u1", { plan: "trial" });
    await settle();
    const before = fetch.contentRequests.length;
    await client.flush();
    await settle();
    expect(fetch.contentRequests.length).toBe(before + 1);
    expect(fetch.contentRequests.at(-1)!.url.searchParams.get("user_id")).toBe("u1");
    client.identify("u1");
    await settle();
    const withoutTraits = fetch.contentRequests.length;
    await client.flush();
    await settle();
    expect(fetch.contentRequests.length).toBe(withoutTraits);
  });

  it("sends the signature given to identify", async () => {
    const { fetch, client } = await startWith({});
    client.identify("u2", {}, { signature: "sig-identify" });
    await settle();
    expect(fetch.contentRequests[1]!.headers["X-Waymark-User-Signature"]).toBe("sig-identify");
  });

  it("counts a hash route as part of the path but not an anchor", async () => {
    history.replaceState(null, "", "/app#/settings/team");
    const { fetch } = await startWith({});
    history.replaceState(null, "", "/docs#install");
    await settle();
    expect(fetch.contentRequests.map((r) => r.url.searchParams.get("path"))).toEqual(["/app#/settings/team", "/docs"]);
  });

  it("asks again on every route change and on reload", async () => {
    history.replaceState(null, "", "/a");
    const { fetch, client } = await startWith({});
    history.pushState(null, "", "/b");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    location.hash = "#/c";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    client.reload();
    await settle();
    expect(fetch.contentRequests.map((r) => r.url.searchParams.get("path"))).toEqual(["/a", "/b", "/b#/c", "/b#/c"]);
  });

  it("asks for nothing before consent and asks once consent is given", async () => {
    const { contentRequests } = fakeFetch();
    const client = makeClient({ consentMode: true });
    client.identify("u1");
    client.reload();
    history.pushState(null, "", "/elsewhere");
    client.trigger("flw_x");
    await settle();
    expect(contentRequests).toHaveLength(0);
    client.consent(true);
    await settle();
    expect(contentRequests).toHaveLength(1);
  });

  it("sends the queue and asks again after a watched event, not after others", async () => {
    const { fetch, client } = await startWith({ watch_events: ["Created project"] }, { flushAt: 20 });
    client.track("Opened menu");
    await settle();
    expect(fetch.contentRequests).toHaveLength(1);
    client.track("Created project");
    await settle();
    expect(fetch.contentRequests).toHaveLength(2);
    expect(fetch.sent.flatMap((s) => s.batch).some((c) => c.event === "Created project")).toBe(true);
    const urls = fetch.fn.mock.calls.map(([url]) => String(url));
    expect(urls.findIndex((u) => u.includes("/v1/batch"))).toBeLessThan(urls.lastIndexOf(urls.filter((u) => u.includes("/v1/content")).at(-1)!));
  });

  it("shows nothing for a malformed answer", async () => {
    await startWith({ flows: "x", checklists: [{ id: "c" }], watch_events: null } as unknown as ContentResponse);
    expect(document.querySelector("[data-waymark]")?.shadowRoot?.childElementCount ?? 0).toBe(0);
  });

  it("asks for one flow by id on trigger", async () => {
    const { fetch, client } = await startWith({});
    client.trigger("flw_manual");
    await settle();
    expect(fetch.contentRequests[1]!.url.searchParams.get("trigger")).toBe("flw_manual");
  });

  it("reports a refused content request as an error", async () => {
    const { fn } = fakeFetch();
    fn.mockImplementationOnce(async () => ({ ok: false, status: 401 }) as Response);
    const emitter = new Emitter();
    const errors: unknown[] = [];
    emitter.on("error", (e) => errors.push(e));
    makeClient({}, emitter);
    await settle();
    expect(errors).toEqual([{ reason: "content-failed", status: 401 }]);
  });
});
