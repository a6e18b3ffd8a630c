/** The content API's answer (docs/experiences.md, "Content API"); field names are the server's. */
export type Side = "top" | "bottom" | "left" | "right";
export type Align = "start" | "center" | "end";

export interface Button {
  label: string;
  action: "next" | "back" | "dismiss" | "complete" | "url" | "flow";
  url?: string;
  flow_id?: string;
}

export interface Step {
  id: string;
  type: "modal" | "tooltip" | "banner" | "hotspot";
  title?: string;
  body?: string;
  target?: string;
  side?: Side;
  align?: Align;
  position?: "top" | "bottom";
  buttons?: Button[];
  advance?: { on: "button" | "click" | "event"; event?: string };
}

export interface Flow {
  id: string;
  version: number;
  name?: string;
  trigger?: { type: "page_load" | "event" | "manual"; event?: string };
  steps: Step[];
}

export interface TaskAction {
  type: "url" | "flow";
  url?: string;
  flow_id?: string;
}

export interface Task {
  id: string;
  title: string;
  description?: string;
  done: boolean;
  action?: TaskAction;
}

export interface Checklist {
  id: string;
  version: number;
  title: string;
  tasks: Task[];
  done: number;
  total: number;
}

export type QuestionType = "nps" | "rating" | "single_choice" | "multiple_choice" | "text";

export interface Choice {
  id: string;
  label: string;
}

/** A branch: `min`/`max` bound an nps or rating score, `choice` names an option; no `when` always matches. */
export interface NextRule {
  when?: { min?: number | null; max?: number | null; choice?: string | null } | null;
  go_to: string;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: string;
  low_label?: string;
  high_label?: string;
  placeholder?: string;
  options?: Choice[];
  scale?: number;
  next?: NextRule[];
}

export interface Survey {
  id: string;
  version: number;
  name?: string;
  trigger?: Flow["trigger"];
  questions: Question[];
  thank_you?: string;
}

export interface ContentResponse {
  flows?: Flow[];
  checklists?: Checklist[];
  surveys?: Survey[];
  watch_events?: string[];
}
