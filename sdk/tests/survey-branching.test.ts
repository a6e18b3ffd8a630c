import { describe, expect, it } from "vitest";
import { nextQuestion, type Answer } from "../src/content/branch";
import type { NextRule, Question } from "../src/content/types";

const q = (id: string, type: Question["type"], next?: NextRule[]): Question => ({ id, type, prompt: id, ...(next ? { next } : {}) });

const nps = [
  q("q1", "nps", [
    { when: { min: 0, max: 6 }, go_to: "q3" },
    { when: { min: 7, max: 10 }, go_to: "end" },
  ]),
  q("q2", "text"),
  q("q3", "text"),
];
const choice = [
  q("c1", "single_choice", [{ when: { choice: "api" }, go_to: "end" }]),
  q("c2", "multiple_choice", [{ when: { choice: "reports" }, go_to: "c4" }, { go_to: "end" }]),
  q("c3", "text"),
  q("c4", "rating", [{ when: { min: 4 }, go_to: "end" }, { when: { max: 2 }, go_to: "c5" }]),
  q("c5", "text"),
];
const odd = [
  q("o1", "nps", [
    { when: { choice: "x" }, go_to: "end" },
    { when: { min: 5 }, go_to: "o1" },
    { when: { min: 5 }, go_to: "missing" },
    { when: {}, go_to: "o3" },
  ]),
  q("o2", "text", [{ when: { min: 0 }, go_to: "end" }]),
  q("o3", "text", [{ when: null, go_to: "end" }]),
];

describe("survey branching", () => {
  it.each<[string, Question[], number, Answer, number]>([
    ["a detractor goes to the rule's question", nps, 0, 0, 2],
    ["the upper bound is inclusive", nps, 0, 6, 2],
    ["the lower bound is inclusive", nps, 0, 7, 3],
    ["a promoter ends the survey", nps, 0, 10, 3],
    ["no rules: the next question in order", nps, 1, "text", 2],
    ["no rules on the last question: the end", nps, 2, "text", 3],
    ["the chosen option matches a choice rule", choice, 0, ["api"], 5],
    ["another option falls through to the next question", choice, 0, ["reports"], 1],
    ["one of several chosen options matches", choice, 1, ["api", "reports"], 3],
    ["a rule without when matches what the others did not", choice, 1, ["api"], 5],
    ["min alone bounds below", choice, 3, 5, 5],
    ["max alone bounds above", choice, 3, 1, 4],
    ["a score between the rules goes on in order", choice, 3, 3, 4],
    ["a choice rule never matches a score; a go_to backwards or to no question is skipped; empty when matches", odd, 0, 9, 2],
    ["a score rule never matches text", odd, 1, "5", 2],
    ["a null when matches", odd, 2, "x", 3],
  ])("%s", (_, questions, index, answer, expected) => {
    expect(nextQuestion(questions, index, answer)).toBe(expected);
  });
});
