import { basicAuth } from "../transport";
import { contentPath } from "./path";
import type { ContentResponse } from "./types";

export interface ContentQuery {
  endpoint: string;
  writeKey: string;
  environment: string;
  signature: string | undefined;
  userId: string | undefined;
  anonymousId: string;
  trigger?: string;
}

export type ContentResult = { ok: true; content: ContentResponse } | { ok: false; status: number };

/** GET /v1/content for the current page; the user id wins over the anonymous id, as in the batch calls. */
export async function requestContent(q: ContentQuery): Promise<ContentResult> {
  const params = new URLSearchParams();
  if (q.userId !== undefined) params.set("user_id", q.userId);
  else params.set("anonymous_id", q.anonymousId);
  params.set("path", contentPath());
  params.set("environment", q.environment);
  if (q.trigger) params.set("trigger", q.trigger);
  const headers: Record<string, string> = { Authorization: basicAuth(q.writeKey) };
  if (q.signature) headers["X-Waymark-User-Signature"] = q.signature;
  try {
    const response = await fetch(`${q.endpoint.replace(/\/+$/, "")}/v1/content?${params}`, { headers, credentials: "omit" });
    if (!response.ok) return { ok: false, status: response.status };
    return { ok: true, content: (await response.json()) as ContentResponse };
  } catch {
    return { ok: false, status: 0 };
  }
}
