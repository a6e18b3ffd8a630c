import { describe, expect, it, vi } from "vitest";
import type { Flow } from "../src/content/types";
import { TARGET_WAIT_MS } from "../src/render/target";
import { buttonNamed, settle, shadow, startWith, tour } from "./content-helpers";
import { useSdkTestEnvironment } from "./helpers";

const ids = { $content_id: "flw_tour", $content_version: 3 };

describe("flows", () => {
  useSdkTestEnvironment();

  it("shows the first page-load flow as a labelled modal with a backdrop and records its start", async () => {
    const { progress, local } = await startWith({ flows: [tour] });
    const dialog = shadow().querySelector<HTMLElement>("[role=dialog]")!;
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(shadow().getElementById(dialog.getAttribute("aria-labelledby")!)!.textContent).toBe("Welcome");
    expect(shadow().querySelector(".bd")).not.toBeNull();
    expect(progress).toEqual([
      ["$flow_started", ids],
      ["$flow_step_viewed", { ...ids, $step: 0, $step_id: "welcome" }],
    ]);
    expect(local).toEqual([
      ["started", { id: "flw_tour", version: 3, step: 0 }],
      ["step", { id: "flw_tour", version: 3, step: 0 }],
    ]);
  });

  it("moves focus into the modal", async () => {
    await startWith({ flows: [tour] });
    expect(shadow().activeElement?.textContent).toBe("Start");
  });

  it("next, back and complete walk the steps and record completion at the last step", async () => {
    const { progress } = await startWith({ flows: [tour] });
    buttonNamed("Start").click();
    buttonNamed("Back").click();
    buttonNamed("Start").click();
    buttonNamed("On").click();
    buttonNamed("Finish").click();
    expect(progress.slice(2)).toEqual([
      ["$flow_step_viewed", { ...ids, $step: 1, $step_id: "middle" }],
      ["$flow_step_viewed", { ...ids, $step: 0, $step_id: "welcome" }],
      ["$flow_step_viewed", { ...ids, $step: 1, $step_id: "middle" }],
      ["$flow_step_viewed", { ...ids, $step: 2, $step_id: "last" }],
      ["$flow_completed", { ...ids, $step: 2 }],
    ]);
    expect(shadow().querySelector("[role=dialog]")).toBeNull();
  });

  it("dismiss closes the flow and records the step it was on", async () => {
    const { progress, local } = await startWith({ flows: [tour] });
    buttonNamed("Not now").click();
    expect(progress.at(-1)).toEqual(["$flow_dismissed", { ...ids, $step: 0 }]);
    expect(local.at(-1)).toEqual(["dismissed", { id: "flw_tour", version: 3, step: 0 }]);
    expect(shadow().childElementCount).toBe(0);
  });

  it("Escape dismisses", async () => {
    const { progress } = await startWith({ flows: [tour] });
    shadow().activeElement!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(progress.at(-1)).toEqual(["$flow_dismissed", { ...ids, $step: 0 }]);
    expect(shadow().querySelector("[role=dialog]")).toBeNull();
  });

  it("Tab from the last control cycles to the first", async () => {
    await startWith({ flows: [tour] });
    const dialog = shadow().querySelector<HTMLElement>("[role=dialog]")!;
    buttonNamed("Close").focus();
    dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", bubbles: true }));
    expect(shadow().activeElement?.textContent).toBe("Start");
  });

  it("Shift+Tab from the first control cycles to the last", async () => {
    await startWith({ flows: [tour] });
    const dialog = shadow().querySelector<HTMLElement>("[role=dialog]")!;
    dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", shiftKey: true, bubbles: true }));
    expect(shadow().activeElement?.getAttribute("aria-label")).toBe("Close");
  });

  it("returns focus to where it was when the flow closes", async () => {
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();
    await startWith({ flows: [tour] });
    expect(document.activeElement).not.toBe(before);
    buttonNamed("Not now").click();
    expect(document.activeElement).toBe(before);
  });

  it("a tooltip follows its target on scroll and resize", async () => {
    const target = document.createElement("button");
    target.id = "moving";
    document.body.append(target);
    let top = 100;
    target.getBoundingClientRect = () => ({ left: 100, top, width: 50, height: 20, right: 150, bottom: top + 20, x: 100, y: top, toJSON: () => ({}) });
    const flow: Flow = { ...tour, steps: [{ id: "t", type: "tooltip", target: "#moving", side: "bottom", title: "T" }] };
    await startWith({ flows: [flow] });
    const tip = shadow().querySelector<HTMLElement>(".c.t")!;
    expect(tip.style.top).toBe("130px");
    top = 200;
    window.dispatchEvent(new Event("scroll"));
    expect(tip.style.top).toBe("230px");
    top = 300;
    window.dispatchEvent(new Event("resize"));
    expect(tip.style.top).toBe("330px");
  });

  it("does not start a dismissed flow again on the next route", async () => {
    const { fetch } = await startWith({ flows: [tour] });
    buttonNamed("Not now").click();
    fetch.contentReplies.push({ flows: [tour] });
    history.pushState(null, "", "/next");
    await settle();
    expect(shadow().querySelector("[role=dialog]")).toBeNull();
  });

  it("starts an event-triggered flow when the app tracks its event", async () => {
    const flow: Flow = { ...tour, id: "flw_ev", trigger: { type: "event", event: "Opened reports" } };
    const { client, progress } = await startWith({ flows: [flow] });
    expect(progress).toEqual([]);
    client.track("Something else");
    expect(progress).toEqual([]);
    client.track("Opened reports");
    expect(progress[0]).toEqual(["$flow_started", { $content_id: "flw_ev", $content_version: 3 }]);
    expect(shadow().querySelector("[role=dialog] h2")!.textContent).toBe("Welcome");
  });

  it("trigger shows the flow the server returns for that id, replacing the one on screen", async () => {
    const { client, fetch, progress } = await startWith({ flows: [tour] });
    fetch.contentReplies.push({ flows: [{ ...tour, id: "flw_other", trigger: { type: "manual" }, steps: [{ id: "o", type: "modal", title: "Other" }] }] });
    client.trigger("flw_other");
    await settle();
    expect(progress.map((p) => p[0]).slice(2)).toEqual(["$flow_dismissed", "$flow_started", "$flow_step_viewed"]);
    expect(shadow().querySelectorAll("[role=dialog]")).toHaveLength(1);
    expect(shadow().querySelector("[role=dialog] h2")!.textContent).toBe("Other");
  });

  it("end closes the flow as dismissed", async () => {
    const { client, progress } = await startWith({ flows: [tour] });
    client.end("flw_tour");
    expect(progress.at(-1)).toEqual(["$flow_dismissed", { ...ids, $step: 0 }]);
  });

  it("a flow button asks for that flow by id", async () => {
    const flow: Flow = { ...tour, steps: [{ id: "b", type: "banner", title: "News", buttons: [{ label: "Tour", action: "flow", flow_id: "flw_reports" }] }] };
    const { fetch } = await startWith({ flows: [flow] });
    buttonNamed("Tour").click();
    await settle();
    expect(fetch.contentRequests.at(-1)!.url.searchParams.get("trigger")).toBe("flw_reports");
  });

  it("a url button opens the link in a new tab without an opener", async () => {
    const opened = vi.fn();
    vi.stubGlobal("open", opened);
    const flow: Flow = { ...tour, steps: [{ id: "b", type: "banner", position: "bottom", title: "News", buttons: [{ label: "Read", action: "url", url: "https://example.com/r" }] }] };
    await startWith({ flows: [flow] });
    expect(shadow().querySelector(".b.bottom")).not.toBeNull();
    buttonNamed("Read").click();
    expect(opened).toHaveBeenCalledWith("https://example.com/r", "_blank", "noopener");
  });

  it("shows a tooltip beside its target and advances when the target is clicked", async () => {
    const target = document.createElement("button");
    target.id = "new-project";
    document.body.append(target);
    const flow: Flow = { ...tour, steps: [{ id: "create", type: "tooltip", target: "#new-project", side: "bottom", title: "Create", advance: { on: "click" } }, tour.steps[2]!] };
    const { progress } = await startWith({ flows: [flow] });
    const tip = shadow().querySelector<HTMLElement>(".c.t")!;
    expect(tip.style.getPropertyValue("top")).toMatch(/px$/);
    expect(tip.querySelectorAll(".f button")).toHaveLength(0);
    target.click();
    expect(progress.at(-1)).toEqual(["$flow_step_viewed", { ...ids, $step: 1, $step_id: "last" }]);
  });

  it("advances a step waiting for an event when the app tracks it", async () => {
    const flow: Flow = { ...tour, steps: [{ id: "invite", type: "modal", title: "Invite", advance: { on: "event", event: "Invited teammate" } }, tour.steps[2]!] };
    const { client, progress } = await startWith({ flows: [flow] });
    client.track("Invited teammate");
    expect(progress.at(-1)).toEqual(["$flow_step_viewed", { ...ids, $step: 1, $step_id: "last" }]);
  });

  it("shows a tooltip whose target never appears as a centred modal after 3 seconds", async () => {
    const flow: Flow = { ...tour, steps: [{ id: "tip", type: "tooltip", target: "#missing", title: "Tip", advance: { on: "click" } }] };
    const { progress } = await startWith({ flows: [flow] });
    await vi.advanceTimersByTimeAsync(TARGET_WAIT_MS - 200);
    expect(shadow().querySelector("[role=dialog]")).toBeNull();
    expect(progress.map((p) => p[0])).toEqual(["$flow_started"]);
    await vi.advanceTimersByTimeAsync(300);
    const dialog = shadow().querySelector<HTMLElement>("[role=dialog]")!;
    expect(dialog.classList.contains("m")).toBe(true);
    expect(shadow().querySelector(".bd")).not.toBeNull();
    expect(dialog.querySelector(".f button")!.textContent).toBe("Done");
  });

  it("shows a tooltip whose target appears within 3 seconds beside it", async () => {
    const flow: Flow = { ...tour, steps: [{ id: "tip", type: "tooltip", target: "#late", title: "Tip" }] };
    await startWith({ flows: [flow] });
    const late = document.createElement("div");
    late.id = "late";
    document.body.append(late);
    await vi.advanceTimersByTimeAsync(500);
    expect(shadow().querySelector(".c.t")).not.toBeNull();
    expect(shadow().querySelector(".m")).toBeNull();
  });

  it("a hotspot shows a dot that opens its tooltip", async () => {
    const target = document.createElement("div");
    target.id = "reports";
    document.body.append(target);
    const flow: Flow = { ...tour, steps: [{ id: "dot", type: "hotspot", target: "#reports", title: "Reports" }] };
    await startWith({ flows: [flow] });
    expect(shadow().querySelector(".c")).toBeNull();
    buttonNamed("Reports").click();
    expect(shadow().querySelector(".d")).toBeNull();
    expect(shadow().querySelector(".c.t h2")!.textContent).toBe("Reports");
  });
});
