import { describe, expect, it } from "vitest";
import { sanitize } from "../src/render/sanitize";

function html(source: string): string {
  const box = document.createElement("div");
  box.append(sanitize(source));
  return box.innerHTML;
}

describe("sanitize", () => {
  it("keeps the allowed tags", () => {
    expect(html("<h3>T</h3><p>a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <code>c</code><br></p><ul><li>1</li></ul><ol><li>2</li></ol><h4>x</h4>")).toBe(
      "<h3>T</h3><p>a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <code>c</code><br></p><ul><li>1</li></ul><ol><li>2</li></ol><h4>x</h4>",
    );
  });

  it("drops scripts with their text", () => {
    expect(html("<p>hi<script>alert(1)</script></p>")).toBe("<p>hi</p>");
  });

  it("drops event handler attributes and unknown elements but keeps their text", () => {
    expect(html('<p onclick="x()" class="c">a<img src=x onerror="alert(1)"><span style="color:red">b</span></p>')).toBe("<p>ab</p>");
  });

  it("drops javascript: and data: links but keeps their text", () => {
    expect(html('<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="data:text/html,hi">z</a>')).toBe("<a>x</a><a>y</a><a>z</a>");
  });

  it("opens http and mailto links in a new tab without an opener or referrer", () => {
    expect(html('<a href="https://example.com/a" onmouseover="x()">x</a><a href="mailto:a@example.com">m</a>')).toBe(
      '<a href="https://example.com/a" rel="noopener noreferrer" target="_blank">x</a>' +
        '<a href="mailto:a@example.com" rel="noopener noreferrer" target="_blank">m</a>',
    );
  });

  it("turns markup in text into text", () => {
    expect(html("&lt;img src=x onerror=alert(1)&gt;")).toBe("&lt;img src=x onerror=alert(1)&gt;");
  });
});
