import { vi } from "vitest";
import type { Call } from "../src/call";
import type { ContentResponse, Flow } from "../src/content/types";
import { Emitter } from "../src/emitter";
import type { Options } from "../src/options";
import { fakeFetch, makeClient } from "./helpers";

/** Lets the fake fetch answer and the SDK apply the answer. */
export async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

export function shadow(): ShadowRoot {
  const root = document.querySelector("[data-waymark]")?.shadowRoot;
  if (!root) throw new Error("nothing rendered");
  return root;
}

export function buttonNamed(label: string): HTMLButtonElement {
  const found = Array.from(shadow().querySelectorAll("button")).find((b) => b.textContent === label || b.getAttribute("aria-label") === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
}

/** The progress events tracked so far, as [event, properties]. */
export type Progress = Array<[string, Record<string, unknown>]>;

export const tour: Flow = {
  id: "flw_tour",
  version: 3,
  trigger: { type: "page_load" },
  steps: [
    { id: "welcome", type: "modal", title: "Welcome", body: "<p>Hi</p>", buttons: [{ label: "Start", action: "next" }, { label: "Not now", action: "dismiss" }] },
    { id: "middle", type: "banner", position: "top", title: "Middle", body: "", buttons: [{ label: "Back", action: "back" }, { label: "On", action: "next" }] },
    { id: "last", type: "modal", title: "Last", body: "", buttons: [{ label: "Finish", action: "complete" }] },
  ],
};

/** Starts a client whose first content answer is content; events collects tracked calls and content:* events. */
export async function startWith(content: ContentResponse, options: Partial<Options> = {}) {
  const fetch = fakeFetch();
  fetch.contentReplies.push(content);
  const emitter = new Emitter();
  const progress: Progress = [];
  const local: Array<[string, unknown]> = [];
  emitter.on("track", (c) => {
    const call = c as Call;
    if (call.event?.startsWith("$")) progress.push([call.event, call.properties ?? {}]);
  });
  for (const name of ["started", "step", "completed", "dismissed"]) emitter.on(`content:${name}`, (p) => local.push([name, p]));
  for (const name of ["shown", "answered", "completed", "dismissed"]) emitter.on(`survey:${name}`, (p) => local.push([`survey:${name}`, p]));
  const client = makeClient(options, emitter);
  await settle();
  return { client, emitter, fetch, progress, local };
}
