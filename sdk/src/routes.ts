/**
 * Route changes in single-page apps. History has no change event for pushState/replaceState, so both are
 * wrapped once per page (a second SDK copy or a second initialize must not wrap the wrapper) and announce
 * themselves with a window event that every listener shares.
 */
export const LOCATION_CHANGE = "waymark:locationchange";
const PATCHED = "__waymarkPatched";

function patchHistory(): void {
  const history = globalThis.history as (History & { [PATCHED]?: boolean }) | undefined;
  if (!history || history[PATCHED]) return;
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      globalThis.dispatchEvent(new Event(LOCATION_CHANGE));
      return result;
    };
  }
  history[PATCHED] = true;
}

/** Calls onChange when the URL really changed (hash navigation fires popstate and hashchange both). Returns a stop function. */
export function watchRoutes(onChange: () => void): () => void {
  patchHistory();
  let last = globalThis.location.href;
  const listener = () => {
    const href = globalThis.location.href;
    if (href === last) return;
    last = href;
    onChange();
  };
  const events = [LOCATION_CHANGE, "popstate", "hashchange"];
  for (const e of events) globalThis.addEventListener(e, listener);
  return () => {
    for (const e of events) globalThis.removeEventListener(e, listener);
  };
}
