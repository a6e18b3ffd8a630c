import { describe, expect, it } from "vitest";
import { placeDot, placeTooltip } from "../src/render/position";

function box(left: number, top: number, width: number, height: number): HTMLElement {
  const node = document.createElement("div");
  node.getBoundingClientRect = () => ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) });
  return node;
}

describe("tooltip placement", () => {
  it("puts the tooltip below the target, centred", () => {
    const card = box(0, 0, 200, 100);
    placeTooltip(card, box(400, 100, 100, 40), "bottom", "center");
    expect([card.style.left, card.style.top, card.dataset.side]).toEqual(["350px", "150px", "bottom"]);
  });

  it("flips to the other side when the asked side would leave the viewport", () => {
    const card = box(0, 0, 200, 100);
    placeTooltip(card, box(400, innerHeight - 50, 100, 40), "bottom", "start");
    expect([card.style.left, card.style.top, card.dataset.side]).toEqual(["400px", `${innerHeight - 160}px`, "top"]);
  });

  it("aligns the end of a side tooltip with the end of the target", () => {
    const card = box(0, 0, 200, 100);
    placeTooltip(card, box(100, 300, 100, 200), "right", "end");
    expect([card.style.left, card.style.top, card.dataset.side]).toEqual(["210px", "400px", "right"]);
  });

  it("puts a hotspot's dot on the target's edge", () => {
    const dot = document.createElement("button");
    placeDot(dot, box(100, 200, 80, 40), "left", "center");
    expect([dot.style.left, dot.style.top]).toEqual(["100px", "220px"]);
  });
});
