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

export interface ContentResponse {
  flows?: Flow[];
  checklists?: Checklist[];
  watch_events?: string[];
}
