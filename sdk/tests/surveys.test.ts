import { describe, expect, it, vi } from "vitest";
import { THANKS_MS } from "../src/content/survey-run";
import type { Flow, Survey } from "../src/content/types";
import { buttonNamed, settle, shadow, startWith, tour } from "./content-helpers";
import { useSdkTestEnvironment } from "./helpers";

const nps: Survey = {
  id: "srv_nps",
  version: 2,
  name: "NPS Q4",
  trigger: { type: "page_load" },
  questions: [
    {
      id: "q1",
      type: "nps",
      prompt: "How likely are you to recommend Acme?",
      low_label: "Not likely",
      high_label: "Very likely",
      next: [
        { when: { min: 0, max: 6 }, go_to: "q2" },
        { when: { min: 7, max: 10 }, go_to: "end" },
      ],
    },
    { id: "q2", type: "text", prompt: "What should we improve?", placeholder: "Tell us" },
  ],
  thank_you: "Thanks for your answer!",
};
const ids = { $content_id: "srv_nps", $content_version: 2 };

function single(question: Survey["questions"][number], extra: Partial<Survey> = {}): Survey {
  return { id: "srv_one", version: 1, trigger: { type: "page_load" }, questions: [question], thank_you: "Thanks", ...extra };
}
const one = { $content_id: "srv_one", $content_version: 1 };

function card(): HTMLElement | null {
  return document.querySelector("[data-waymark]")?.shadowRoot?.querySelector<HTMLElement>(".sv") ?? null;
}

function group(): HTMLElement {
  return shadow().querySelector<HTMLElement>("[role=radiogroup],[role=group]")!;
}

function items(role = "radio"): HTMLButtonElement[] {
  return Array.from(shadow().querySelectorAll<HTMLButtonElement>(`[role=${role}]`));
}

function press(key: string): void {
  shadow().activeElement!.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
}

function focused(): string | null | undefined {
  return shadow().activeElement?.textContent;
}

function type(text: string): void {
  const area = shadow().querySelector("textarea")!;
  area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("surveys", () => {
  useSdkTestEnvironment();

  it("shows an NPS question as a labelled card with 11 radios between its low and high labels, and records it was shown", async () => {
    const { progress, local } = await startWith({ surveys: [nps] });
    const box = card()!;
    expect(box.getAttribute("role")).toBe("dialog");
    expect(box.getAttribute("aria-modal")).toBeNull();
    expect(shadow().getElementById(box.getAttribute("aria-labelledby")!)!.textContent).toBe("How likely are you to recommend Acme?");
    expect(group().getAttribute("role")).toBe("radiogroup");
    expect(group().getAttribute("aria-labelledby")).toBe(box.getAttribute("aria-labelledby"));
    expect(items().map((b) => b.textContent)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(items().every((b) => b.getAttribute("aria-checked") === "false")).toBe(true);
    expect(shadow().getElementById(group().getAttribute("aria-describedby")!)!.textContent).toBe("Not likelyVery likely");
    expect(progress).toEqual([["$survey_shown", ids]]);
    expect(local).toEqual([["survey:shown", { id: "srv_nps", version: 2, question: "q1" }]]);
  });

  it("moves focus into the card, onto the radio group's single tab stop", async () => {
    await startWith({ surveys: [nps] });
    expect(focused()).toBe("0");
    expect(items().map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]);
  });

  it("arrow keys move focus and the checked radio, wrapping at the ends, without answering", async () => {
    const { progress } = await startWith({ surveys: [nps] });
    press("ArrowLeft");
    expect(focused()).toBe("10");
    press("ArrowRight");
    press("ArrowDown");
    expect(focused()).toBe("1");
    press("ArrowUp");
    press("ArrowRight");
    press("ArrowRight");
    expect(focused()).toBe("2");
    expect(items().filter((b) => b.getAttribute("aria-checked") === "true").map((b) => b.textContent)).toEqual(["2"]);
    expect(items().filter((b) => b.tabIndex === 0).map((b) => b.textContent)).toEqual(["2"]);
    expect(progress.map((p) => p[0])).toEqual(["$survey_shown"]);
  });

  it("activating a score (click, or Space/Enter on the focused radio) records the answer and follows its branch", async () => {
    const { progress, local } = await startWith({ surveys: [nps] });
    press("ArrowRight");
    press("ArrowRight");
    (shadow().activeElement as HTMLButtonElement).click();
    expect(progress.at(-1)).toEqual(["$survey_answered", { ...ids, $question_id: "q1", $question_type: "nps", $score: 2 }]);
    expect(local.at(-1)).toEqual(["survey:answered", { id: "srv_nps", version: 2, question: "q1", answer: 2 }]);
    expect(shadow().querySelector("h2")!.textContent).toBe("What should we improve?");
  });

  it("a promoter's score ends the survey: completed, thank-you for 2 seconds, then gone with focus back where it was", async () => {
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();
    const { progress, local } = await startWith({ surveys: [nps] });
    expect(document.activeElement).not.toBe(before);
    items()[9]!.click();
    expect(progress.slice(1)).toEqual([
      ["$survey_answered", { ...ids, $question_id: "q1", $question_type: "nps", $score: 9 }],
      ["$survey_completed", ids],
    ]);
    expect(local.at(-1)).toEqual(["survey:completed", { id: "srv_nps", version: 2, question: "q1" }]);
    const thanks = shadow().querySelector("[role=status]")!;
    expect(thanks.textContent).toBe("Thanks for your answer!");
    expect(card()!.getAttribute("aria-labelledby")).toBe(thanks.id);
    await vi.advanceTimersByTimeAsync(THANKS_MS - 100);
    expect(card()).not.toBeNull();
    await vi.advanceTimersByTimeAsync(100);
    expect(card()).toBeNull();
    expect(document.activeElement).toBe(before);
    expect(progress).toHaveLength(3);
  });

  it("a detractor is asked the text question; Send stays off until something is written, and sends the text", async () => {
    const { progress } = await startWith({ surveys: [nps] });
    items()[3]!.click();
    const area = shadow().querySelector("textarea")!;
    expect(shadow().activeElement).toBe(area);
    expect(area.maxLength).toBe(2000);
    expect(area.placeholder).toBe("Tell us");
    expect(area.getAttribute("aria-labelledby")).toBe(card()!.getAttribute("aria-labelledby"));
    const send = buttonNamed("Send");
    expect(send.disabled).toBe(true);
    type("   ");
    expect(send.disabled).toBe(true);
    type("Faster reports");
    expect(send.disabled).toBe(false);
    send.click();
    expect(progress.slice(2)).toEqual([
      ["$survey_answered", { ...ids, $question_id: "q2", $question_type: "text", $answer_text: "Faster reports" }],
      ["$survey_completed", ids],
    ]);
  });

  it("shows a rating as radios 1..scale and records the score", async () => {
    const { progress } = await startWith({ surveys: [single({ id: "r", type: "rating", prompt: "How satisfied are you?", scale: 4 })] });
    expect(items().map((b) => b.textContent)).toEqual(["1", "2", "3", "4"]);
    expect(shadow().querySelector(".lb")).toBeNull();
    press("ArrowLeft");
    expect(focused()).toBe("4");
    items()[3]!.click();
    expect(progress.at(-2)).toEqual(["$survey_answered", { ...one, $question_id: "r", $question_type: "rating", $score: 4 }]);
  });

  it("shows a single choice as a vertical radio group of its options and records the option id in $choices", async () => {
    const { progress } = await startWith({
      surveys: [single({ id: "c", type: "single_choice", prompt: "What do you use most?", options: [{ id: "reports", label: "Reports" }, { id: "api", label: "API" }] })],
    });
    expect(group().getAttribute("role")).toBe("radiogroup");
    expect(items().map((b) => b.textContent)).toEqual(["Reports", "API"]);
    expect(focused()).toBe("Reports");
    press("ArrowDown");
    expect(focused()).toBe("API");
    (shadow().activeElement as HTMLButtonElement).click();
    expect(progress.at(-2)).toEqual(["$survey_answered", { ...one, $question_id: "c", $question_type: "single_choice", $choices: ["api"] }]);
  });

  it("shows a multiple choice as checkboxes with Next, off until one is checked, and records the checked ids in order", async () => {
    const options = [{ id: "a", label: "Alpha" }, { id: "b", label: "Beta" }, { id: "c", label: "Gamma" }];
    const { progress } = await startWith({ surveys: [single({ id: "m", type: "multiple_choice", prompt: "Which?", options })] });
    expect(group().getAttribute("role")).toBe("group");
    const boxes = items("checkbox");
    expect(boxes.map((b) => b.textContent)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(focused()).toBe("Alpha");
    const next = buttonNamed("Next");
    expect(next.disabled).toBe(true);
    boxes[2]!.click();
    boxes[0]!.click();
    boxes[1]!.click();
    boxes[1]!.click();
    expect(boxes.map((b) => b.getAttribute("aria-checked"))).toEqual(["true", "false", "true"]);
    expect(next.disabled).toBe(false);
    expect(progress.map((p) => p[0])).toEqual(["$survey_shown"]);
    next.click();
    expect(progress.at(-2)).toEqual(["$survey_answered", { ...one, $question_id: "m", $question_type: "multiple_choice", $choices: ["a", "c"] }]);
  });

  it("× dismisses: recorded with the question on screen, card removed, focus returned", async () => {
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();
    const { progress, local } = await startWith({ surveys: [nps] });
    items()[2]!.click();
    buttonNamed("Close").click();
    expect(progress.at(-1)).toEqual(["$survey_dismissed", ids]);
    expect(local.at(-1)).toEqual(["survey:dismissed", { id: "srv_nps", version: 2, question: "q2" }]);
    expect(card()).toBeNull();
    expect(document.activeElement).toBe(before);
  });

  it("Escape dismisses", async () => {
    const { progress } = await startWith({ surveys: [nps] });
    press("Escape");
    expect(progress.at(-1)).toEqual(["$survey_dismissed", ids]);
    expect(card()).toBeNull();
  });

  it("closing the thank-you early records nothing more", async () => {
    const { progress } = await startWith({ surveys: [nps] });
    items()[10]!.click();
    buttonNamed("Close").click();
    expect(card()).toBeNull();
    expect(progress.map((p) => p[0])).toEqual(["$survey_shown", "$survey_answered", "$survey_completed"]);
    await vi.advanceTimersByTimeAsync(THANKS_MS);
    expect(progress).toHaveLength(3);
  });

  it("without a thank-you the card goes at the end", async () => {
    await startWith({ surveys: [{ ...nps, thank_you: "" }] });
    items()[10]!.click();
    expect(card()).toBeNull();
  });

  it("renders prompts, labels, options and the thank-you as text: markup shows literally", async () => {
    const markup = '<img src=x onerror="alert(1)"><b>bold</b>';
    const survey = single({ id: "c", type: "single_choice", prompt: markup, options: [{ id: "x", label: `${markup}!` }] }, { thank_you: `${markup}?` });
    await startWith({ surveys: [survey] });
    expect(shadow().querySelector("h2")!.textContent).toBe(markup);
    expect(items()[0]!.textContent).toBe(`${markup}!`);
    items()[0]!.click();
    expect(shadow().querySelector("[role=status]")!.textContent).toBe(`${markup}?`);
    expect(shadow().querySelector("img,b")).toBeNull();
  });

  it("renders low and high labels as text", async () => {
    const markup = "<b>bold</b>";
    await startWith({ surveys: [single({ ...nps.questions[0]!, low_label: markup, high_label: markup })] });
    expect(shadow().querySelector(".lb")!.textContent).toBe(markup + markup);
    expect(shadow().querySelector("b")).toBeNull();
  });

  it("is drawn without style attributes; the adopted sheet puts it bottom right, as a bottom sheet on narrow screens", async () => {
    await startWith({ surveys: [nps] });
    expect(shadow().querySelectorAll("[style]")).toHaveLength(0);
    const rules = Array.from(shadow().adoptedStyleSheets[0]!.cssRules, (r) => r.cssText).join("\n");
    expect(rules).toMatch(/\.sv ?\{[^}]*right: ?20px;[^}]*bottom: ?20px/);
    expect(rules).toMatch(/max-width: ?480px\) ?\{\s*\.sv ?\{[^}]*left: ?0/);
    expect(rules).toMatch(/prefers-reduced-motion: ?reduce/);
  });

  it("a manual survey does not show by itself; trigger asks for it by id and shows it", async () => {
    const manual: Survey = { ...nps, id: "srv_manual", trigger: { type: "manual" } };
    const { client, fetch, progress } = await startWith({ surveys: [manual] });
    expect(card()).toBeNull();
    fetch.contentReplies.push({ surveys: [manual] });
    client.trigger("srv_manual");
    await settle();
    expect(fetch.contentRequests.at(-1)!.url.searchParams.get("trigger")).toBe("srv_manual");
    expect(card()).not.toBeNull();
    expect(progress).toEqual([["$survey_shown", { $content_id: "srv_manual", $content_version: 2 }]]);
  });

  it("trigger replaces the survey on screen, recording that one as dismissed", async () => {
    const { client, fetch, progress } = await startWith({ surveys: [nps] });
    fetch.contentReplies.push({ surveys: [{ ...nps, id: "srv_b", trigger: { type: "manual" } }] });
    client.trigger("srv_b");
    await settle();
    expect(progress.map((p) => [p[0], p[1].$content_id])).toEqual([
      ["$survey_shown", "srv_nps"],
      ["$survey_dismissed", "srv_nps"],
      ["$survey_shown", "srv_b"],
    ]);
    expect(shadow().querySelectorAll(".sv")).toHaveLength(1);
  });

  it("end closes the survey as dismissed", async () => {
    const { client, progress } = await startWith({ surveys: [nps] });
    client.end("srv_nps");
    expect(progress.at(-1)).toEqual(["$survey_dismissed", ids]);
    expect(card()).toBeNull();
  });

  it("starts an event-triggered survey when the app tracks its event", async () => {
    const { client, progress } = await startWith({ surveys: [{ ...nps, trigger: { type: "event", event: "Exported report" } }] });
    client.track("Other");
    expect(card()).toBeNull();
    client.track("Exported report");
    expect(card()).not.toBeNull();
    expect(progress).toEqual([["$survey_shown", ids]]);
  });

  it("shows one survey at a time: a refresh does not replace the survey on screen", async () => {
    const { client, fetch, progress } = await startWith({ surveys: [nps] });
    fetch.contentReplies.push({ surveys: [{ ...nps, id: "srv_b" }] });
    client.reload();
    await settle();
    expect(shadow().querySelectorAll(".sv")).toHaveLength(1);
    expect(progress).toEqual([["$survey_shown", ids]]);
  });

  it("does not start a dismissed survey again on the next route", async () => {
    const { fetch } = await startWith({ surveys: [nps] });
    buttonNamed("Close").click();
    fetch.contentReplies.push({ surveys: [nps] });
    history.pushState(null, "", "/after-survey");
    await settle();
    expect(card()).toBeNull();
  });

  it("a flow in progress wins: the survey waits for the next content refresh after the flow", async () => {
    const { client, fetch, progress } = await startWith({ flows: [tour], surveys: [nps] });
    expect(card()).toBeNull();
    expect(shadow().querySelector("[role=dialog] h2")!.textContent).toBe("Welcome");
    buttonNamed("Not now").click();
    expect(card()).toBeNull();
    fetch.contentReplies.push({ surveys: [nps] });
    client.reload();
    await settle();
    expect(card()).not.toBeNull();
    expect(progress.map((p) => p[0])).toEqual(["$flow_started", "$flow_step_viewed", "$flow_dismissed", "$survey_shown"]);
  });

  it("neither an event nor trigger starts a survey over a running flow", async () => {
    const eventSurvey: Survey = { ...nps, trigger: { type: "event", event: "Exported report" } };
    const { client, fetch } = await startWith({ flows: [tour], surveys: [eventSurvey] });
    client.track("Exported report");
    fetch.contentReplies.push({ surveys: [{ ...nps, id: "srv_b", trigger: { type: "manual" } }] });
    client.trigger("srv_b");
    await settle();
    expect(card()).toBeNull();
    expect(shadow().querySelectorAll("[role=dialog]")).toHaveLength(1);
  });

  it("an event-triggered flow does not start while a survey is open: the survey stays", async () => {
    const flow: Flow = { ...tour, id: "flw_ev", trigger: { type: "event", event: "Opened reports" } };
    const { client, progress } = await startWith({ flows: [flow], surveys: [nps] });
    client.track("Opened reports");
    expect(card()).not.toBeNull();
    expect([...shadow().querySelectorAll("h2")].map((h) => h.textContent)).not.toContain("Welcome");
    expect(progress.map((p) => p[0])).toEqual(["$survey_shown"]);
  });

  it("a flow the page triggers replaces the open survey, recorded as dismissed", async () => {
    const flow: Flow = { ...tour, id: "flw_manual", trigger: { type: "manual" } };
    const { client, fetch, progress } = await startWith({ surveys: [nps] });
    fetch.contentReplies.push({ flows: [flow] });
    client.trigger("flw_manual");
    await settle();
    expect(card()).toBeNull();
    expect(shadow().querySelector("[role=dialog] h2")!.textContent).toBe("Welcome");
    expect(progress.map((p) => p[0])).toEqual(["$survey_shown", "$survey_dismissed", "$flow_started", "$flow_step_viewed"]);
  });

  it("reset removes the survey without recording anything", async () => {
    const { client, progress } = await startWith({ surveys: [nps] });
    client.reset();
    expect(document.querySelector("[data-waymark]")).toBeNull();
    expect(progress).toEqual([["$survey_shown", ids]]);
  });

  it("skips a question of a type it does not know", async () => {
    const survey: Survey = { ...nps, questions: [{ id: "new", type: "slider" as "nps", prompt: "?" }, nps.questions[1]!] };
    await startWith({ surveys: [survey] });
    expect(shadow().querySelector("h2")!.textContent).toBe("What should we improve?");
  });

  it("answers go through the queue: batched to /v1/batch with the exact properties", async () => {
    const { fetch } = await startWith({ surveys: [nps] });
    items()[10]!.click();
    await vi.advanceTimersByTimeAsync(2000);
    const tracked = fetch.sent.flatMap((s) => s.batch).filter((c) => c.type === "track").map((c) => [c.event, c.properties]);
    expect(tracked).toEqual([
      ["$survey_shown", ids],
      ["$survey_answered", { ...ids, $question_id: "q1", $question_type: "nps", $score: 10 }],
      ["$survey_completed", ids],
    ]);
  });
});
