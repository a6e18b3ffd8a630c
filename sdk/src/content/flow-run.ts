import type { Properties } from "../call";
import { showStep } from "../render/step";
import { openUrl } from "./open-url";
import type { Button, Flow } from "./types";

export interface FlowHost {
  root(): ShadowRoot;
  track(event: string, properties: Properties): void;
  emit(name: string, payload: unknown): void;
  startFlow(id: string): void;
  ended(run: FlowRun, completed: boolean): void;
}

const NEXT: Button = { label: "", action: "next" };

/** One flow on screen: which step shows, what its buttons do, and the progress events it records. */
export class FlowRun {
  private index = 0;
  private close: (() => void) | undefined;

  constructor(
    readonly flow: Flow,
    private readonly host: FlowHost,
  ) {}

  start(): void {
    this.record("$flow_started", "started", {});
    this.show(0);
  }

  /** An event the app tracked: it advances a step that waits for it. */
  tracked(event: string): void {
    const advance = this.flow.steps[this.index]?.advance;
    if (advance?.on === "event" && advance.event === event) this.act(NEXT);
  }

  act(b: Button): void {
    const last = this.flow.steps.length - 1;
    switch (b.action) {
      case "next":
        return this.index < last ? this.show(this.index + 1) : this.end(true);
      case "back":
        return this.show(Math.max(0, this.index - 1));
      case "complete":
        return this.end(true);
      case "dismiss":
        return this.end(false);
      case "url":
        return openUrl(b.url);
      case "flow":
        if (b.flow_id) this.host.startFlow(b.flow_id);
    }
  }

  end(completed: boolean): void {
    this.hide();
    this.record(completed ? "$flow_completed" : "$flow_dismissed", completed ? "completed" : "dismissed", { $step: this.index });
    this.host.ended(this, completed);
  }

  /** Takes the flow off screen without recording anything (consent withdrawn, user signed out). */
  hide(): void {
    this.close?.();
    this.close = undefined;
  }

  private show(index: number): void {
    this.hide();
    this.index = index;
    const step = this.flow.steps[index]!;
    this.close = showStep(this.host.root(), step, index, this.flow.steps.length, {
      act: (b) => this.act(b),
      dismiss: () => this.end(false),
      viewed: () => this.record("$flow_step_viewed", "step", { $step: index, $step_id: step.id }),
    });
  }

  private record(event: string, local: string, extra: Properties): void {
    const { id, version } = this.flow;
    this.host.track(event, { $content_id: id, $content_version: version, ...extra });
    this.host.emit(`content:${local}`, { id, version, step: this.index });
  }
}
