import type { Call } from "./call";
import { parseRetryAfter } from "./backoff";

export type SendResult =
  | { kind: "ok" }
  | { kind: "retry"; status: number; retryAfterMs: number | null; error?: unknown }
  | { kind: "drop"; status: number; detail: string };

export interface Transport {
  send(calls: readonly Call[], keepalive: boolean): Promise<SendResult>;
}

/** The write key as the ingest and content APIs both expect it. */
export function basicAuth(writeKey: string): string {
  return `Basic ${btoa(`${writeKey}:`)}`;
}

/** Segment's batch endpoint: the server accepts or refuses a batch as a whole and stores each messageId once. */
export function httpTransport(endpoint: string, writeKey: string): Transport {
  const url = `${endpoint.replace(/\/+$/, "")}/v1/batch`;
  const authorization = basicAuth(writeKey);
  return {
    async send(calls, keepalive) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: authorization },
          body: JSON.stringify({ batch: calls, sentAt: new Date().toISOString() }),
          keepalive,
          credentials: "omit",
        });
      } catch (error) {
        return { kind: "retry", status: 0, retryAfterMs: null, error };
      }
      if (response.ok) return { kind: "ok" };
      const status = response.status;
      if (status === 429 || status >= 500 || status === 408) {
        return { kind: "retry", status, retryAfterMs: parseRetryAfter(response.headers.get("Retry-After"), Date.now()) };
      }
      let detail = "";
      try {
        detail = await response.text();
      } catch {
        // The status alone says enough.
      }
      return { kind: "drop", status, detail };
    },
  };
}
