import { describe, expect, it, vi } from "vitest";
import type { Checklist } from "../src/content/types";
import { buttonNamed, settle, shadow, startWith } from "./content-helpers";
import { useSdkTestEnvironment } from "./helpers";

const list: Checklist = {
  id: "chk_start",
  version: 2,
  title: "Get started",
  done: 1,
  total: 3,
  tasks: [
    { id: "project", title: "Create a project", done: true, action: { type: "url", url: "https://app.example.com/new" } },
    { id: "tour", title: "Take the tour", description: "Two minutes", done: false, action: { type: "flow", flow_id: "flw_tour" } },
    { id: "docs", title: "Read the docs", done: false, action: { type: "url", url: "https://example.com/docs" } },
  ],
};
const ids = { $content_id: "chk_start", $content_version: 2 };

describe("checklists", () => {
  useSdkTestEnvironment();

  it("shows a launcher with done/total and records that the checklist was shown once", async () => {
    const { progress, client } = await startWith({ checklists: [list] });
    const launcher = shadow().querySelector<HTMLButtonElement>(".k")!;
    expect(launcher.textContent).toBe("Get started1/3");
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    client.reload();
    await settle();
    expect(progress).toEqual([["$checklist_shown", ids]]);
  });

  it("opens a panel listing the tasks with their done state", async () => {
    await startWith({ checklists: [list] });
    const panel = shadow().querySelector<HTMLElement>(".pn")!;
    expect(panel.hidden).toBe(true);
    shadow().querySelector<HTMLButtonElement>(".k")!.click();
    expect(panel.hidden).toBe(false);
    const rows = Array.from(panel.querySelectorAll("li"), (li) => [li.querySelector("[role=img]")!.getAttribute("aria-label"), li.querySelector("b,button")!.textContent]);
    expect(rows).toEqual([
      ["Done", "Create a project"],
      ["To do", "Take the tour"],
      ["To do", "Read the docs"],
    ]);
  });

  it("runs a task's action: a url opens in a new tab, a flow is asked for by id", async () => {
    const opened = vi.fn();
    vi.stubGlobal("open", opened);
    const { fetch } = await startWith({ checklists: [list] });
    buttonNamed("Read the docs").click();
    expect(opened).toHaveBeenCalledWith("https://example.com/docs", "_blank", "noopener");
    buttonNamed("Take the tour").click();
    await settle();
    expect(fetch.contentRequests.at(-1)!.url.searchParams.get("trigger")).toBe("flw_tour");
  });

  it("dismissing hides it, records it and keeps it hidden on the next route", async () => {
    const { progress, fetch } = await startWith({ checklists: [list] });
    buttonNamed("Dismiss checklist").click();
    expect(shadow().querySelector(".k")).toBeNull();
    expect(progress.at(-1)).toEqual(["$checklist_dismissed", ids]);
    fetch.contentReplies.push({ checklists: [list] });
    history.pushState(null, "", "/next-page");
    await settle();
    expect(shadow().querySelector(".k")).toBeNull();
  });

  it("is hidden once all tasks are done", async () => {
    const { client, fetch } = await startWith({ checklists: [list], watch_events: ["Read docs"] });
    fetch.contentReplies.push({ checklists: [{ ...list, done: 3, tasks: list.tasks.map((t) => ({ ...t, done: true })) }] });
    client.track("Read docs");
    await settle();
    expect(shadow().querySelector(".k")).toBeNull();
  });

  it("end dismisses the checklist", async () => {
    const { client, progress } = await startWith({ checklists: [list] });
    client.end("chk_start");
    expect(shadow().querySelector(".k")).toBeNull();
    expect(progress.at(-1)).toEqual(["$checklist_dismissed", ids]);
  });
});
