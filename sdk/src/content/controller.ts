import type { Properties } from "../call";
import type { Emitter } from "../emitter";
import { showChecklist, type ChecklistView } from "../render/checklist";
import { createRoot } from "../render/root";
import { FlowRun } from "./flow-run";
import { openUrl } from "./open-url";
import { requestContent } from "./request";
import { SurveyRun } from "./survey-run";
import type { Checklist, ContentResponse, Flow, Survey, Task } from "./types";

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

function onPageLoad(content: Flow | Survey): boolean {
  return (content.trigger?.type ?? "page_load") === "page_load";
}

/**
 * Asks the content API what to show on this page and shows it: at most one flow at a time, one survey and one
 * checklist. A flow and a survey never show together, and what is on screen stays: a survey does not start while a
 * flow runs (it waits for the next content refresh), and a flow does not start by itself while a survey is open (the
 * survey was already recorded as shown, so taking it away would lose it); a flow the page asks for with trigger()
 * replaces the survey, recorded as dismissed.
 * A flow or survey that ended on this page load is not started again by itself (the server may not have its
 * progress events yet); trigger() still shows it.
 */
export class ContentController {
  signature: string | undefined;
  private shadow: ShadowRoot | undefined;
  private flow: FlowRun | undefined;
  private survey: SurveyRun | undefined;
  private list: { view: ChecklistView; checklist: Checklist } | undefined;
  private eventFlows: Flow[] = [];
  private eventSurveys: Survey[] = [];
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
      const flow = arrayOf(content?.flows).find((f) => f.id === id);
      const survey = arrayOf(content?.surveys).find((s) => s.id === id);
      if (flow) this.start(flow, true);
      else if (survey) this.startSurvey(survey, true);
    });
  }

  end(id: string): void {
    if (this.flow?.flow.id === id) this.flow.end(false);
    if (this.survey?.survey.id === id) this.survey.dismiss();
    if (this.list?.checklist.id === id) this.dismissList(this.list.checklist);
  }

  tracked(event: string): void {
    // The SDK's own progress events neither start nor advance flows.
    if (event.startsWith("$")) return;
    if (this.flow) this.flow.tracked(event);
    else {
      const waits = (c: Flow | Survey) => c.trigger?.event === event && !this.ended.has(c.id);
      const flow = this.eventFlows.find(waits);
      const survey = this.eventSurveys.find(waits);
      if (flow) this.start(flow);
      else if (survey) this.startSurvey(survey);
    }
    if (this.watch.includes(event)) void this.host.flush().then(() => this.refresh());
  }

  /** Removes everything from the page and forgets this user's content, recording nothing. */
  clear(): void {
    this.generation++;
    this.latest++;
    this.flow?.hide();
    this.flow = undefined;
    this.survey?.hide();
    this.survey = undefined;
    this.list?.view.close();
    this.list = undefined;
    this.shadow?.host.remove();
    this.shadow = undefined;
    this.eventFlows = [];
    this.eventSurveys = [];
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
    const onLoad = flows.find(onPageLoad);
    if (onLoad && !this.flow) this.start(onLoad);
    const surveys = arrayOf(content.surveys).filter((s) => !this.ended.has(s.id));
    this.eventSurveys = surveys.filter((s) => s.trigger?.type === "event");
    const survey = surveys.find(onPageLoad);
    if (survey) this.startSurvey(survey);
    this.showList(arrayOf(content.checklists).find((l) => !this.listsDismissed.has(l.id) && l.done < l.total));
  }

  private root(): ShadowRoot {
    return (this.shadow ??= createRoot());
  }

  private start(flow: Flow, asked = false): void {
    if (!Array.isArray(flow.steps) || flow.steps.length === 0) return;
    if (this.survey) {
      if (!asked) return;
      this.survey.dismiss();
      this.survey = undefined;
    }
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

  /** Starts a survey unless a flow runs; another survey on screen stays, unless replace (trigger) says otherwise. */
  private startSurvey(survey: Survey, replace = false): void {
    if (this.flow || !Array.isArray(survey.questions) || survey.questions.length === 0) return;
    if (this.survey && !replace) return;
    this.survey?.dismiss();
    const run = new SurveyRun(survey, {
      root: () => this.root(),
      track: (e, p) => this.host.track(e, p),
      emit: (name, payload) => this.emitter.emit(name, payload),
      ended: (r) => {
        this.ended.add(r.survey.id);
        if (this.survey === r) this.survey = undefined;
      },
    });
    this.survey = run;
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
