/// <reference types="node" />
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function build(env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: process.cwd(), env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("size budget", () => {
  it("the bundle, surveys included, builds under 12 KB gzipped", () => {
    const { status, output } = build();
    expect(output).toMatch(/KB gzipped \(budget 12\.00 KB\)/);
    const gzipped = Number(/([\d.]+) KB gzipped/.exec(output)![1]);
    expect(gzipped).toBeLessThanOrEqual(12);
    expect(status).toBe(0);
  });

  it("the build fails when the bundle is over the budget", () => {
    const { status, output } = build({ WAYMARK_SIZE_BUDGET: "4096" });
    expect(output).toMatch(/bytes over the 4\.00 KB gzipped budget/);
    expect(status).toBe(1);
  });

  it("the budget cannot be raised from outside", () => {
    expect(build({ WAYMARK_SIZE_BUDGET: "999999" }).output).toMatch(/budget 12\.00 KB/);
  });
}, 60_000);
