import type { Properties } from "./call";
import { Client, type IdentifyOptions } from "./client";
import { Emitter, type Handler } from "./emitter";
import type { Options } from "./options";
import { browserStore } from "./storage";
import { VERSION } from "./version";

export type { Options } from "./options";
export type { Call, Properties } from "./call";
export type { IdentifyOptions } from "./client";

const emitter = new Emitter();
let client: Client | undefined;
/** Calls made before initialize, replayed once it runs, so a site need not order its scripts carefully. */
let waiting: Array<(c: Client) => void> = [];

function withClient(action: (c: Client) => void): void {
  if (client) action(client);
  else waiting.push(action);
}

export function initialize(token: string, options: Options): void {
  client?.destroy();
  client = new Client(token, options, { store: browserStore(), emitter });
  const replay = waiting;
  waiting = [];
  for (const action of replay) action(client);
}

export function identify(userId: string | number, traits?: Properties, options?: IdentifyOptions): void {
  withClient((c) => c.identify(userId, traits, options));
}

export function track(event: string, properties?: Properties): void {
  withClient((c) => c.track(event, properties));
}

/** Records a page view and asks for this page's content; both also run by themselves on route changes. */
export function reload(): void {
  withClient((c) => c.reload());
}

/** Identifies the current visitor by a random anonymous id kept in localStorage; returns it once initialized. */
export function anonymous(traits?: Properties): string | undefined {
  if (!client) {
    waiting.push((c) => c.anonymous(traits));
    return undefined;
  }
  return client.anonymous(traits);
}

export function reset(): void {
  withClient((c) => c.reset());
}

/** In consent mode: true starts sending and storing (calls made before are sent then); false stops both and forgets. */
export function consent(granted: boolean): void {
  withClient((c) => c.consent(granted));
}

export function flush(): Promise<void> {
  return client ? client.flush() : Promise.resolve();
}

/** Shows a flow or survey by id whatever its targeting (it must be published in this environment and within its dates). */
export function trigger(contentId: string): void {
  emitter.emit("trigger", { contentId });
  withClient((c) => c.trigger(contentId));
}

/** Closes the flow, survey or checklist on screen with this id, recorded as dismissed. */
export function end(contentId: string): void {
  emitter.emit("end", { contentId });
  withClient((c) => c.end(contentId));
}

export function on(name: string, handler: Handler): void {
  emitter.on(name, handler);
}

export function off(name: string, handler?: Handler): void {
  emitter.off(name, handler);
}

export function once(name: string, handler: Handler): void {
  emitter.once(name, handler);
}

export const version = VERSION;
