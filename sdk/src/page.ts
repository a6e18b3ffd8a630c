import type { PageContext } from "./call";

export function currentPage(): PageContext {
  const loc = globalThis.location;
  const doc = globalThis.document;
  return {
    path: loc ? loc.pathname : "",
    referrer: doc ? doc.referrer : "",
    search: loc ? loc.search : "",
    title: doc ? doc.title : "",
    url: loc ? loc.href : "",
  };
}
