import type { Properties } from "../call";
import { showSurvey, type SurveyView } from "../render/survey";
import { nextQuestion, type Answer } from "./branch";
import type { Survey } from "./types";

/** How long the thank-you shows before the card goes (the contract's 2 seconds). */
export const THANKS_MS = 2000;
const TYPES = ["nps", "rating", "single_choice", "multiple_choice", "text"];

export interface SurveyHost {
  root(): ShadowRoot;
  track(event: string, properties: Properties): void;
  emit(name: string, payload: unknown): void;
  ended(run: SurveyRun): void;
}

function answerProperties(answer: Answer): Properties {
  if (typeof answer === "number") return { $score: answer };
  return Array.isArray(answer) ? { $choices: answer } : { $answer_text: answer };
}

/** One survey on screen: which question shows, where an answer branches to, and the events it records. */
export class SurveyRun {
  private index = 0;
  private view: SurveyView | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private completed = false;

  constructor(
    readonly survey: Survey,
    private readonly host: SurveyHost,
  ) {}

  start(): void {
    this.view = showSurvey(this.host.root(), { answer: (a) => this.answered(a), dismiss: () => this.dismiss() });
    this.record("$survey_shown", "shown", {});
    this.ask(0);
  }

  /** Closes the survey; before the end it is recorded as dismissed, during the thank-you nothing more is. */
  dismiss(): void {
    if (!this.completed) this.record("$survey_dismissed", "dismissed", {});
    this.finish();
  }

  /** Takes the survey off screen without recording anything (consent withdrawn, user signed out, a flow started). */
  hide(): void {
    clearTimeout(this.timer);
    this.view?.close();
    this.view = undefined;
  }

  private ask(index: number): void {
    const questions = this.survey.questions;
    // A question type this SDK does not know (a newer server) is skipped rather than asked as something else.
    while (index < questions.length && !TYPES.includes(questions[index]!.type)) index++;
    if (index >= questions.length) return this.complete();
    this.index = index;
    this.view?.ask(questions[index]!);
  }

  private answered(answer: Answer): void {
    const q = this.survey.questions[this.index]!;
    this.record("$survey_answered", "answered", { $question_id: q.id, $question_type: q.type, ...answerProperties(answer) }, { answer });
    this.ask(nextQuestion(this.survey.questions, this.index, answer));
  }

  private complete(): void {
    this.completed = true;
    this.record("$survey_completed", "completed", {});
    const thanks = this.survey.thank_you;
    if (!thanks) return this.finish();
    this.view?.thank(thanks);
    this.timer = setTimeout(() => this.finish(), THANKS_MS);
  }

  private finish(): void {
    this.hide();
    this.host.ended(this);
  }

  private record(event: string, local: string, extra: Properties, detail: object = {}): void {
    const { id, version } = this.survey;
    const question = this.survey.questions[this.index]?.id ?? null;
    this.host.track(event, { $content_id: id, $content_version: version, ...extra });
    this.host.emit(`survey:${local}`, { id, version, question, ...detail });
  }
}
