/// <reference types="node" />
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shadow, startWith, tour } from "./content-helpers";
import { useSdkTestEnvironment } from "./helpers";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("strict Content Security Policy", () => {
  useSdkTestEnvironment();

  it("the source has no eval, no Function constructor, no innerHTML and no style strings", () => {
    const found = sources(join(process.cwd(), "src")).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [/\beval\(/, /new Function\b/, /innerHTML|outerHTML|insertAdjacentHTML/, /cssText|setAttribute\(\s*["']style["']/, /createElement\(\s*["']style["']/]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${file}: ${pattern}`);
    });
    expect(found).toEqual([]);
  });

  it("styles the widgets with one adopted stylesheet that turns animation off for reduced motion", async () => {
    await startWith({ flows: [tour] });
    expect(shadow().querySelector("style")).toBeNull();
    expect(shadow().adoptedStyleSheets).toHaveLength(1);
    const rules = Array.from(shadow().adoptedStyleSheets[0]!.cssRules, (r) => r.cssText).join("\n");
    expect(rules).toMatch(/prefers-reduced-motion: ?reduce/);
    expect(document.querySelectorAll("[data-waymark]")).toHaveLength(1);
  });
});
