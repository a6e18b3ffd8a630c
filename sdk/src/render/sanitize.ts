const ALLOWED = new Set(["P", "BR", "B", "STRONG", "I", "EM", "U", "A", "UL", "OL", "LI", "CODE", "H3", "H4"]);
/** Elements whose text is code or metadata, not prose: dropped with their content rather than unwrapped. */
const DROPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "TITLE", "IFRAME", "OBJECT", "SVG", "MATH"]);
const SAFE_HREF = /^(https?:|mailto:)/i;

/**
 * Rich text from the server, sanitised again: parsed into an inert document (nothing in it runs or loads),
 * then rebuilt from text nodes and fresh elements of the allowed tags, so no attribute survives but a checked href.
 */
export function sanitize(html: string): DocumentFragment {
  const out = document.createDocumentFragment();
  copy(new DOMParser().parseFromString(html, "text/html").body, out);
  return out;
}

function copy(from: Node, to: Node): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.nodeValue ?? ""));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = (node as Element).tagName.toUpperCase();
    if (DROPPED.has(tag)) continue;
    if (!ALLOWED.has(tag)) {
      copy(node, to);
      continue;
    }
    const clean = document.createElement(tag.toLowerCase());
    if (tag === "A") {
      const href = ((node as Element).getAttribute("href") ?? "").trim();
      if (SAFE_HREF.test(href)) {
        clean.setAttribute("href", href);
        clean.setAttribute("rel", "noopener noreferrer");
        clean.setAttribute("target", "_blank");
      }
    }
    copy(node, clean);
    to.appendChild(clean);
  }
}
