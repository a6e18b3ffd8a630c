/** Sent as context.library.version; replaced at build time with the version in package.json. */
declare const __WAYMARK_VERSION__: string | undefined;

export const VERSION: string = typeof __WAYMARK_VERSION__ === "string" ? __WAYMARK_VERSION__ : "0.0.0-dev";
export const LIBRARY_NAME = "waymark-js";
