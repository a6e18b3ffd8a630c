export interface Options {
  /** The Waymark server's base URL, e.g. https://waymark.example.com. Required. */
  endpoint: string;
  /** When true nothing is sent and nothing is stored until consent(true). */
  consentMode?: boolean;
  /** Send as soon as this many calls are queued. */
  flushAt?: number;
  /** Otherwise send this many milliseconds after the first unsent call. */
  flushInterval?: number;
  /** Keep at most this many unsent calls; the oldest are dropped beyond it. */
  maxQueue?: number;
  /** Send a page call on initialize and on every route change. */
  autoPage?: boolean;
  /** The identified user's signature (HMAC hex or HS256 JWT) when the workspace verifies identities. */
  signature?: string;
  /** Which published content to show: "production" or "staging". */
  environment?: string;
}

export interface Settings {
  endpoint: string;
  consentMode: boolean;
  flushAt: number;
  flushInterval: number;
  maxQueue: number;
  autoPage: boolean;
  signature: string | undefined;
  environment: string;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

export function settings(options: Options): Settings {
  if (!options || typeof options.endpoint !== "string" || options.endpoint === "") {
    throw new TypeError("waymark.initialize: options.endpoint (the Waymark server's URL) is required");
  }
  return {
    endpoint: options.endpoint,
    consentMode: options.consentMode === true,
    flushAt: positive(options.flushAt, 20),
    flushInterval: positive(options.flushInterval, 2000),
    maxQueue: positive(options.maxQueue, 1000),
    autoPage: options.autoPage !== false,
    signature: typeof options.signature === "string" && options.signature !== "" ? options.signature : undefined,
    environment: typeof options.environment === "string" && options.environment !== "" ? options.environment : "production",
  };
}
