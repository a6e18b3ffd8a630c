/** One call in the Segment Tracking API shape, as src/Waymark.Ingest/Calls/CallReader.cs reads it. */
export type CallType = "identify" | "track" | "page";

export type Properties = Record<string, unknown>;

export interface PageContext {
  path: string;
  referrer: string;
  search: string;
  title: string;
  url: string;
}

export interface Call {
  type: CallType;
  messageId: string;
  timestamp: string;
  userId?: string;
  anonymousId: string;
  event?: string;
  name?: string;
  traits?: Properties;
  properties?: Properties;
  context: {
    library: { name: string; version: string };
    page: PageContext;
    userAgent: string;
    locale?: string;
  };
}
