// Builds dist/waymark.js (IIFE, window.waymark) and dist/waymark.mjs (ESM), minified, and fails when the
// gzipped IIFE is over the size budget.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// A test lowers the budget through WAYMARK_SIZE_BUDGET to prove the check fails a build; nothing can raise it.
const BUDGET_BYTES = Math.min(12 * 1024, Number(process.env.WAYMARK_SIZE_BUDGET) || Infinity);
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const common = {
  entryPoints: ["src/index.ts"],
  bundle: true,
  minify: true,
  target: ["es2020"],
  platform: "browser",
  legalComments: "none",
  define: { __WAYMARK_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
};

await build({ ...common, format: "iife", globalName: "waymark", outfile: "dist/waymark.js" });
await build({ ...common, format: "esm", outfile: "dist/waymark.mjs" });

const raw = readFileSync("dist/waymark.js");
const gzipped = gzipSync(raw, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(2);
console.log(`dist/waymark.js: ${kb(raw.length)} KB, ${kb(gzipped)} KB gzipped (budget ${kb(BUDGET_BYTES)} KB)`);
if (gzipped > BUDGET_BYTES) {
  console.error(`waymark.js is ${gzipped - BUDGET_BYTES} bytes over the ${kb(BUDGET_BYTES)} KB gzipped budget`);
  process.exit(1);
}
