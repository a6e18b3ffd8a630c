// Builds dist/charts.js: the dashboard's chart script with the parts of Chart.js it uses, one minified IIFE (the
// dashboard loads plain scripts, no modules), and dist/charts.js.LICENSE.txt with the licences of what it bundles.
// Chart.js's own licence banners also stay at the end of the bundle (legal comments kept at the end of file).
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";

await build({
  entryPoints: ["src/charts.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  platform: "browser",
  legalComments: "eof",
  outfile: "dist/charts.js",
  logLevel: "warning",
});

const bundled = ["chart.js", "@kurkle/color"].map((name) => {
  const { version } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  return `${name} ${version}\n\n${readFileSync(`node_modules/${name}/LICENSE.md`, "utf8").trim()}\n`;
});
writeFileSync("dist/charts.js.LICENSE.txt", `charts.js bundles the following packages.\n\n${bundled.join("\n---\n\n")}`);
