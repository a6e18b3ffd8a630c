/** Opens a button's or task's link in a new tab without giving that page a handle on this one. */
export function openUrl(url: string | undefined): void {
  if (url && /^https?:/i.test(url)) open(url, "_blank", "noopener");
}
