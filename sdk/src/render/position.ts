import type { Align, Side } from "../content/types";

const GAP = 10;
const MARGIN = 8;
const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };

/** CSSOM property writes, not style attributes: a strict style-src allows the former only. */
function moveTo(node: HTMLElement, x: number, y: number): void {
  node.style.setProperty("left", `${Math.round(x)}px`);
  node.style.setProperty("top", `${Math.round(y)}px`);
}

function along(start: number, length: number, size: number, align: Align): number {
  return align === "start" ? start : align === "end" ? start + length - size : start + (length - size) / 2;
}

function clamp(value: number, size: number, viewport: number): number {
  return Math.max(MARGIN, Math.min(value, viewport - size - MARGIN));
}

/** Places a fixed-position tooltip beside its target, on the opposite side when the asked side has no room. */
export function placeTooltip(card: HTMLElement, target: Element, side: Side = "bottom", align: Align = "center"): void {
  const t = target.getBoundingClientRect();
  const c = card.getBoundingClientRect();
  const vw = innerWidth;
  const vh = innerHeight;
  const room: Record<Side, number> = { top: t.top, bottom: vh - t.bottom, left: t.left, right: vw - t.right };
  const need = (s: Side) => (s === "top" || s === "bottom" ? c.height : c.width) + GAP;
  if (room[side] < need(side) && room[OPPOSITE[side]] >= need(OPPOSITE[side])) side = OPPOSITE[side];
  const vertical = side === "top" || side === "bottom";
  const x = vertical ? along(t.left, t.width, c.width, align) : side === "left" ? t.left - c.width - GAP : t.right + GAP;
  const y = vertical ? (side === "top" ? t.top - c.height - GAP : t.bottom + GAP) : along(t.top, t.height, c.height, align);
  moveTo(card, clamp(x, c.width, vw), clamp(y, c.height, vh));
  card.dataset.side = side;
}

/** Puts a hotspot's dot on the target's edge named by side, at the point named by align. */
export function placeDot(dot: HTMLElement, target: Element, side: Side = "top", align: Align = "center"): void {
  const t = target.getBoundingClientRect();
  const vertical = side === "top" || side === "bottom";
  const x = vertical ? along(t.left, t.width, 0, align) : side === "left" ? t.left : t.right;
  const y = vertical ? (side === "top" ? t.top : t.bottom) : along(t.top, t.height, 0, align);
  moveTo(dot, x, y);
}

/** Runs update now and on every scroll (of any element, hence capture) and resize; returns a stop function. */
export function follow(update: () => void): () => void {
  update();
  addEventListener("scroll", update, true);
  addEventListener("resize", update);
  return () => {
    removeEventListener("scroll", update, true);
    removeEventListener("resize", update);
  };
}
