/** How long a tooltip or hotspot waits for its target before showing as a centred modal (the contract's 3 seconds). */
export const TARGET_WAIT_MS = 3000;
const POLL_MS = 100;

function query(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    // A selector the browser cannot parse never matches.
    return null;
  }
}

/**
 * Calls found with the target once it is on the page, or with null after TARGET_WAIT_MS. Polling rather than a
 * MutationObserver: a target can also appear by a style change, which a childList observer would miss.
 * Returns a cancel function.
 */
export function waitForTarget(selector: string, found: (target: Element | null) => void): () => void {
  const now = query(selector);
  if (now) {
    found(now);
    return () => {};
  }
  let polls = TARGET_WAIT_MS / POLL_MS;
  const timer = setInterval(() => {
    const target = query(selector);
    if (target || --polls <= 0) {
      clearInterval(timer);
      found(target);
    }
  }, POLL_MS);
  return () => clearInterval(timer);
}
