import type { Properties } from "../call";
import type { Emitter } from "../emitter";
import { showChecklist, type ChecklistView } from "../render/checklist";
import { createRoot } from "../render/root";
import { FlowRun } from "./flow-run";
import { openUrl } from "./open-url";
import { requestContent } from "./request";
import type { Checklist, ContentResponse, Flow, Task } from "./types";

export interface ContentConfig {
  endpoint: string;
  writeKey: string;
  environment: string;
  signature: string | undefined;
}

/** What the content layer needs from the event client. */
export interface ContentHost {
  allowed(): boolean;
  ids(): { userId: string | undefined; anonymousId: string };
  track(event: string, properties: Properties): void;
  flush(): Promise<void>;
}

/** A malformed answer shows nothing rather than throwing in the site's page. */
function arrayOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Asks the content API what to show on this page and shows it: at most one flow at a time and one checklist.
 * A flow that ended on this page load is not started again by itself (the server may not have its progress
 * events yet); trigger() still shows it.
 */
export class ContentController {
  signature: string | undefined;
  private shadow: ShadowRoot | undefined;
  private flow: FlowRun | undefined;
  private list: { view: ChecklistView; checklist: Checklist } | undefined;
  private eventFlows: Flow[] = [];
  private watch: string[] = [];
  private ended = new Set<string>();
  private listsShown = new Set<string>();
  private listsDismissed = new Set<string>();
  /** Answers are applied only while they are the latest asked for, and never after clear(). */
  private latest = 0;
  private generation = 0;

  constructor(
    private readonly config: ContentConfig,
    private readonly host: ContentHost,
    private readonly emitter: Emitter,
  ) {
    this.signature = config.signature;
  }

  refresh(): void {
    const asked = ++this.latest;
    void this.load().then((content) => {
      if (content && asked === this.latest) this.apply(content);
    });
  }

  trigger(id: string): void {
    void this.load(id).then((content) => {
      const flow = content?.flows?.find((f) => f.id === id);
      if (flow) this.start(flow);
    });
  }

  end(id: string): void {
    if (this.flow?.flow.id === id) this.flow.end(false);
    if (this.list?.checklist.id === id) this.dismissList(this.list.checklist);
  }

  tracked(event: string): void {
    // The SDK's own progress events neither start nor advance flows.
    if (event.startsWith("$")) return;
    if (this.flow) this.flow.tracked(event);
    else {
      const flow = this.eventFlows.find((f) => f.trigger?.event === event && !this.ended.has(f.id));
      if (flow) this.start(flow);
    }
    if (this.watch.includes(event)) void this.host.flush().then(() => this.refresh());
  }

  /** Removes everything from the page and forgets this user's content, recording nothing. */
  clear(): void {
    this.generation++;
    this.latest++;
    this.flow?.hide();
    this.flow = undefined;
    this.list?.view.close();
    this.list = undefined;
    this.shadow?.host.remove();
    this.shadow = undefined;
    this.eventFlows = [];
    this.watch = [];
    this.ended = new Set();
    this.listsShown = new Set();
    this.listsDismissed = new Set();
  }

  private async load(trigger?: string): Promise<ContentResponse | undefined> {
    if (!this.host.allowed()) return undefined;
    const generation = this.generation;
    const result = await requestContent({
      ...this.config,
      signature: this.signature,
      ...this.host.ids(),
      ...(trigger ? { trigger } : {}),
    });
    if (generation !== this.generation) return undefined;
    if (result.ok) return result.content;
    this.emitter.emit("error", { reason: "content-failed", status: result.status });
    return undefined;
  }

  private apply(content: ContentResponse): void {
    this.watch = arrayOf(content.watch_events);
    const flows = arrayOf(content.flows).filter((f) => Array.isArray(f.steps) && f.steps.length > 0 && !this.ended.has(f.id));
    this.eventFlows = flows.filter((f) => f.trigger?.type === "event");
    const onLoad = flows.find((f) => (f.trigger?.type ?? "page_load") === "page_load");
    if (onLoad && !this.flow) this.start(onLoad);
    this.showList(arrayOf(content.checklists).find((l) => !this.listsDismissed.has(l.id) && l.done < l.total));
  }

  private root(): ShadowRoot {
    return (this.shadow ??= createRoot());
  }

  private start(flow: Flow): void {
    if (!Array.isArray(flow.steps) || flow.steps.length === 0) return;
    this.flow?.end(false);
    const run = new FlowRun(flow, {
      root: () => this.root(),
      track: (e, p) => this.host.track(e, p),
      emit: (name, payload) => this.emitter.emit(name, payload),
      startFlow: (id) => this.trigger(id),
      ended: (r, completed) => {
        this.ended.add(r.flow.id);
        if (this.flow === r) this.flow = undefined;
        // A completed flow may complete a checklist task.
        if (completed && this.list) void this.host.flush().then(() => this.refresh());
      },
    });
    this.flow = run;
    run.start();
  }

  private showList(list: Checklist | undefined): void {
    const open = this.list?.view.open ?? false;
    this.list?.view.close();
    this.list = undefined;
    if (!list) return;
    const view = showChecklist(this.root(), list, { run: (t) => this.runTask(t), dismiss: () => this.dismissList(list) }, open);
    this.list = { view, checklist: list };
    if (!this.listsShown.has(list.id)) {
      this.listsShown.add(list.id);
      this.host.track("$checklist_shown", { $content_id: list.id, $content_version: list.version });
    }
  }

  private runTask(task: Task): void {
    if (task.action?.type === "url") openUrl(task.action.url);
    else if (task.action?.type === "flow" && task.action.flow_id) this.trigger(task.action.flow_id);
  }

  private dismissList(list: Checklist): void {
    this.listsDismissed.add(list.id);
    this.list?.view.close();
    this.list = undefined;
    this.host.track("$checklist_dismissed", { $content_id: list.id, $content_version: list.version });
  }
}
