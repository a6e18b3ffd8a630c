import { CSS } from "./styles";

/** One host element on the page; the widgets live in its shadow root so the site's CSS and ours stay apart. */
export function createRoot(): ShadowRoot {
  const host = document.createElement("div");
  host.setAttribute("data-waymark", "");
  // Open, so a site's end-to-end tests can reach the widgets.
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Without constructable stylesheets (Safari before 16.4) the widgets show unstyled rather than inject a <style> a strict CSP blocks.
  }
  // Content arrives after a fetch, so body exists unless the SDK runs in a document without one.
  (document.body ?? document.documentElement).append(host);
  return root;
}
