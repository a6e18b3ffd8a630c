/** The page path targeting is tested against: hash routes ("#/…") count as part of the path, anchors do not. */
export function contentPath(): string {
  const { pathname, hash } = globalThis.location;
  return hash.startsWith("#/") ? pathname + hash : pathname;
}
