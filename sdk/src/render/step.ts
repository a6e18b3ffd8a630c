import type { Step } from "../content/types";
import { buildCard, type CardActions } from "./card";
import { button, el } from "./elements";
import { trapFocus } from "./focus";
import { follow, placeDot, placeTooltip } from "./position";
import { waitForTarget } from "./target";

export interface StepHandlers extends CardActions {
  /** Called once the step is on screen (after any wait for its target). */
  viewed(): void;
}

/** Shows one flow step in the shadow root; returns the function that removes it and all its listeners. */
export function showStep(root: ShadowRoot, step: Step, index: number, count: number, handlers: StepHandlers): () => void {
  const stops: Array<() => void> = [];
  const add = (...nodes: HTMLElement[]) => {
    root.append(...nodes);
    stops.push(() => nodes.forEach((n) => n.remove()));
  };
  const card = (shown: Step, className: string) => buildCard(shown, index, count, handlers, className);
  const tooltip = (target: Element) => {
    const box = card(step, "t");
    add(box);
    // A step that waits for a click on its target must let keyboard users Tab out to reach that target.
    const cycle = step.advance?.on !== "click";
    stops.push(follow(() => placeTooltip(box, target, step.side, step.align)), trapFocus(box, handlers.dismiss, true, cycle));
  };
  const render = (target: Element | null) => {
    if (step.type === "banner") {
      const box = card(step, `b ${step.position === "bottom" ? "bottom" : "top"}`);
      add(box);
      stops.push(trapFocus(box, handlers.dismiss, false));
    } else if (target && step.type === "hotspot") {
      const dot = button("", "d", () => {
        dot.remove();
        tooltip(target);
      });
      dot.setAttribute("aria-label", step.title || "Show tip");
      add(dot);
      stops.push(follow(() => placeDot(dot, target, step.side, step.align)));
    } else if (target && step.type === "tooltip") {
      tooltip(target);
    } else {
      // A modal, or a tooltip/hotspot whose target never came: with no target to click, it advances by button.
      const box = card(step.advance?.on === "click" ? { ...step, advance: { on: "button" } } : step, "m");
      box.setAttribute("aria-modal", "true");
      add(el("div", "bd"), box);
      stops.push(trapFocus(box, handlers.dismiss, true));
    }
    if (target && step.advance?.on === "click") {
      const onClick = (e: Event) => {
        if (target.contains(e.target as Node)) handlers.act({ label: "", action: "next" });
      };
      document.addEventListener("click", onClick, true);
      stops.push(() => document.removeEventListener("click", onClick, true));
    }
    handlers.viewed();
  };
  if ((step.type === "tooltip" || step.type === "hotspot") && step.target) stops.push(waitForTarget(step.target, render));
  else render(null);
  return () => {
    for (const stop of stops.splice(0).reverse()) stop();
  };
}
