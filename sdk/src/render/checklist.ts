import type { Checklist, Task } from "../content/types";
import { button, el, uniqueId } from "./elements";
import { trapFocus } from "./focus";

export interface ChecklistHandlers {
  run(task: Task): void;
  dismiss(): void;
}

export interface ChecklistView {
  close(): void;
  readonly open: boolean;
}

/** The launcher (bottom right, done/total) and the panel it opens, listing the tasks with their actions. */
export function showChecklist(root: ShadowRoot, list: Checklist, handlers: ChecklistHandlers, open = false): ChecklistView {
  const panel = el("div", "c pn");
  const title = el("h2", "", list.title);
  title.id = uniqueId();
  panel.id = uniqueId();
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", title.id);
  const items = el("ul");
  for (const task of Array.isArray(list.tasks) ? list.tasks : []) {
    const item = el("li", task.done ? "dn" : "");
    const mark = el("span", task.done ? "ok" : "", task.done ? "✓" : "○");
    mark.setAttribute("role", "img");
    mark.setAttribute("aria-label", task.done ? "Done" : "To do");
    const text = el("div");
    text.append(task.action && !task.done ? button(task.title, "", () => handlers.run(task)) : el("b", "", task.title));
    if (task.description) text.append(el("p", "", task.description));
    item.append(mark, text);
    items.append(item);
  }
  const foot = el("div", "f");
  foot.append(button("Dismiss checklist", "", handlers.dismiss));
  panel.append(title, items, foot);
  const launcher = button(list.title, "p k", () => toggle(!shown));
  launcher.append(el("span", "", `${list.done}/${list.total}`));
  launcher.setAttribute("aria-controls", panel.id);
  let release = () => {};
  let shown = open;
  const toggle = (show: boolean) => {
    release();
    release = () => {};
    shown = show;
    panel.hidden = !show;
    launcher.setAttribute("aria-expanded", String(show));
    if (show) {
      release = trapFocus(panel, () => {
        toggle(false);
        launcher.focus();
      }, false);
    }
  };
  toggle(open);
  root.append(launcher, panel);
  return {
    close() {
      release();
      launcher.remove();
      panel.remove();
    },
    get open() {
      return shown;
    },
  };
}
