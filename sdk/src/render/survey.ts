import type { Answer } from "../content/branch";
import type { Question } from "../content/types";
import { button, el, uniqueId } from "./elements";
import { trapFocus } from "./focus";

export const MAX_TEXT = 2000;

export interface SurveyHandlers {
  answer(answer: Answer): void;
  dismiss(): void;
}

export interface SurveyView {
  ask(question: Question): void;
  thank(text: string): void;
  close(): void;
}

const STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

function labelled(node: HTMLElement, role: string, labelId: string): HTMLElement {
  node.setAttribute("role", role);
  node.setAttribute("aria-labelledby", labelId);
  return node;
}

function toggle(role: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = button(label, "", onClick);
  b.setAttribute("role", role);
  b.setAttribute("aria-checked", "false");
  return b;
}

/**
 * A radio group of buttons with one tab stop: arrow keys move focus and the checked state, a click (or Space or
 * Enter on the focused one) answers. Custom rather than native radios so the 11 NPS values fit in one row.
 */
function radios<T>(items: Array<[string, T]>, labelId: string, className: string, pick: (value: T) => void): HTMLElement {
  const group = labelled(el("div", className), "radiogroup", labelId);
  const all = items.map(([label, value], i) => {
    const b = toggle("radio", label, () => pick(value));
    b.tabIndex = i ? -1 : 0;
    return b;
  });
  group.addEventListener("keydown", (e) => {
    const step = STEPS[e.key];
    const at = all.indexOf(e.target as HTMLButtonElement);
    if (!step || at < 0) return;
    e.preventDefault();
    const to = all[(at + step + all.length) % all.length]!;
    for (const b of all) {
      b.tabIndex = b === to ? 0 : -1;
      b.setAttribute("aria-checked", String(b === to));
    }
    to.focus();
  });
  group.append(...all);
  return group;
}

function scale(q: Question, from: number, to: number, labelId: string, answer: (a: Answer) => void): HTMLElement[] {
  const values = Array.from({ length: to - from + 1 }, (_, i): [string, number] => [String(from + i), from + i]);
  const group = radios(values, labelId, "sc", answer);
  if (!q.low_label && !q.high_label) return [group];
  const ends = el("div", "lb");
  ends.id = uniqueId();
  ends.append(el("span", "", q.low_label ?? ""), el("span", "", q.high_label ?? ""));
  group.setAttribute("aria-describedby", ends.id);
  return [group, ends];
}

/** The button that sends a choice or text answer: off until there is something to send. */
function sendButton(label: string, send: () => void): [HTMLButtonElement, HTMLElement] {
  const b = button(label, "p", send);
  b.disabled = true;
  const foot = el("div", "f");
  foot.append(b);
  return [b, foot];
}

function controls(q: Question, labelId: string, answer: (a: Answer) => void): HTMLElement[] {
  const options = Array.isArray(q.options) ? q.options : [];
  switch (q.type) {
    case "nps":
      return scale(q, 0, 10, labelId, answer);
    case "rating":
      return scale(q, 1, Math.min(10, Math.max(3, q.scale || 5)), labelId, answer);
    case "single_choice":
      return [radios(options.map((o): [string, string] => [o.label, o.id]), labelId, "ch", (id) => answer([id]))];
    case "multiple_choice": {
      const [next, foot] = sendButton("Next", () => answer(chosen()));
      const boxes = options.map((o) => {
        const box = toggle("checkbox", o.label, () => {
          box.setAttribute("aria-checked", String(box.getAttribute("aria-checked") !== "true"));
          next.disabled = chosen().length === 0;
        });
        return box;
      });
      const chosen = () => options.filter((_, i) => boxes[i]!.getAttribute("aria-checked") === "true").map((o) => o.id);
      const group = labelled(el("div", "ch"), "group", labelId);
      group.append(...boxes);
      return [group, foot];
    }
    default: {
      const area = el("textarea");
      area.maxLength = MAX_TEXT;
      area.placeholder = q.placeholder ?? "";
      area.setAttribute("aria-labelledby", labelId);
      const [send, foot] = sendButton("Send", () => answer(area.value.slice(0, MAX_TEXT)));
      area.addEventListener("input", () => (send.disabled = !area.value.trim()));
      return [area, foot];
    }
  }
}

/**
 * The survey card (bottom right; a bottom sheet on narrow screens). It is not modal: focus moves into it and back to
 * where it was when it closes, Escape dismisses, but Tab may leave it. Prompts and labels are set as text only.
 */
export function showSurvey(root: ShadowRoot, handlers: SurveyHandlers): SurveyView {
  const card = el("div", "c sv");
  card.setAttribute("role", "dialog");
  card.tabIndex = -1;
  const body = el("div");
  const close = button("×", "x", handlers.dismiss);
  close.setAttribute("aria-label", "Close");
  card.append(body, close);
  root.append(card);
  const release = trapFocus(card, handlers.dismiss, true, false);
  const show = (head: HTMLElement) => {
    head.id = uniqueId();
    card.setAttribute("aria-labelledby", head.id);
    body.replaceChildren(head);
  };
  return {
    ask(q) {
      const prompt = el("h2", "", q.prompt);
      show(prompt);
      body.append(...controls(q, prompt.id, handlers.answer));
      body.querySelector<HTMLElement>("[aria-checked]:not([tabindex='-1']),textarea")?.focus();
    },
    thank(text) {
      const thanks = el("p", "ty", text);
      thanks.setAttribute("role", "status");
      show(thanks);
      card.focus();
    },
    close() {
      release();
      card.remove();
    },
  };
}
