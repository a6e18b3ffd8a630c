const FOCUSABLE = "button,a[href]";

/**
 * Keyboard handling for a widget: Escape calls onEscape; with take, focus moves into the widget and returns to
 * where it was when the widget closes; with cycle, Tab cycles within it. Returns the release function.
 */
export function trapFocus(box: HTMLElement, onEscape: () => void, take: boolean, cycle = take): () => void {
  const before = document.activeElement;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onEscape();
    } else if (cycle && e.key === "Tab") {
      const items = Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE));
      const first = items[0];
      const last = items[items.length - 1];
      const active = (box.getRootNode() as ShadowRoot).activeElement;
      if (!first || !last || !box.contains(active) || active === (e.shiftKey ? first : last)) {
        e.preventDefault();
        (e.shiftKey ? last : first)?.focus();
      }
    }
  };
  box.addEventListener("keydown", onKey);
  if (take) (box.querySelector<HTMLElement>(FOCUSABLE) ?? box).focus();
  return () => {
    box.removeEventListener("keydown", onKey);
    if (take && before instanceof HTMLElement && before.isConnected) before.focus();
  };
}
