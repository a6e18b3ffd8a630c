import type { NextRule, Question } from "./types";

/** A score (nps, rating), the chosen option ids (choice questions) or the text written. */
export type Answer = number | string[] | string;

function matches(when: NextRule["when"], answer: Answer): boolean {
  if (!when) return true;
  if (when.choice != null && !(Array.isArray(answer) && answer.includes(when.choice))) return false;
  if (when.min == null && when.max == null) return true;
  return typeof answer === "number" && answer >= (when.min ?? answer) && answer <= (when.max ?? answer);
}

/**
 * The index of the question to ask after questions[index] was answered; questions.length means the end. The first
 * matching rule wins. A rule whose go_to is not a later question is skipped (the server refuses those on save), so
 * a survey always moves forward and ends.
 */
export function nextQuestion(questions: Question[], index: number, answer: Answer): number {
  const rules = questions[index]?.next;
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (!matches(rule.when, answer)) continue;
    if (rule.go_to === "end") return questions.length;
    const to = questions.findIndex((q) => q.id === rule.go_to);
    if (to > index) return to;
  }
  return index + 1;
}
