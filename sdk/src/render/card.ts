import type { Button, Step } from "../content/types";
import { button, el, uniqueId } from "./elements";
import { sanitize } from "./sanitize";

export interface CardActions {
  act(button: Button): void;
  dismiss(): void;
}

/** A step without buttons that advances by button still needs one to go on. */
function buttonsOf(step: Step, index: number, count: number): Button[] {
  if (step.buttons?.length) return step.buttons;
  if ((step.advance?.on ?? "button") !== "button") return [];
  return [index + 1 < count ? { label: "Next", action: "next" } : { label: "Done", action: "complete" }];
}

/** The dialog box shared by modals, tooltips and banners: title, body, step count, buttons and a close control. */
export function buildCard(step: Step, index: number, count: number, actions: CardActions, className: string): HTMLElement {
  const card = el("div", `c ${className}`);
  const title = el("h2", "", step.title ?? "");
  title.id = uniqueId();
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-labelledby", title.id);
  card.tabIndex = -1;
  const body = el("div", "bo");
  body.append(sanitize(step.body ?? ""));
  const foot = el("div", "f");
  if (count > 1) foot.append(el("span", "n", `${index + 1} / ${count}`));
  for (const b of buttonsOf(step, index, count)) {
    foot.append(button(b.label, b.action === "next" || b.action === "complete" ? "p" : "", () => actions.act(b)));
  }
  // Last in the DOM so focus lands on the content's first action, first in the eye at the top right.
  const close = button("×", "x", actions.dismiss);
  close.setAttribute("aria-label", "Close");
  card.append(title, body, foot, close);
  return card;
}
