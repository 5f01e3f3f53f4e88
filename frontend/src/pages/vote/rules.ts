/**
 * The vote's rules on the voter's side, as pure functions: what a ballot holds for each voting
 * method, whether one more choice fits (approval's maximum, knapsack's envelope, cumulative's
 * points), what is left, the summary to confirm and the body sent to the API. The server checks
 * the same rules again (voting/methods.py); these say it before sending, in the voter's words.
 */
import type { BallotInputRequest, VotingRuleEnum } from "../../api/generated/zod";

export type VotingRule = VotingRuleEnum;

/** Majority judgment's grades, best first (the API's keys). */
export const GRADES = ["adore", "aime_bien", "pourquoi_pas", "pas_convaincu"] as const;
export type Grade = (typeof GRADES)[number];
/** An ungraded project counts as this grade. */
export const LOWEST_GRADE: Grade = "pas_convaincu";

export function isGrade(value: unknown): value is Grade {
  return typeof value === "string" && (GRADES as readonly string[]).includes(value);
}

export interface Method {
  rule: VotingRule;
  /** Approval: the most projects a ballot may hold (null: no limit). */
  approvalMax: number | null;
  /** Cumulative: the points each voter spreads. */
  cumulativePoints: number;
  /** Knapsack: the least share of the envelope to spend, in percent. */
  knapsackMinShare: number;
  /** The area's envelope in euros (null: not set). */
  envelope: number | null;
}

export interface BallotProject {
  id: number;
  title: string;
  cost: number;
}

/** What the voter has chosen so far, whatever the method (each method reads its own part). */
export interface Choices {
  /** Approval and knapsack: the chosen projects, in the order they were chosen. */
  selected: readonly number[];
  grades: Readonly<Record<number, Grade>>;
  points: Readonly<Record<number, number>>;
}

export const EMPTY_CHOICES: Choices = { selected: [], grades: {}, points: {} };

/** Why a change was refused, with what the message needs. */
export type Refusal =
  | { code: "too_many_projects"; max: number }
  | { code: "over_envelope"; cost: number; remaining: number; envelope: number }
  | { code: "no_envelope" }
  | { code: "not_enough_points"; wanted: number; left: number }
  | { code: "unknown_project" };

export interface Change {
  choices: Choices;
  refusal: Refusal | null;
}

function costOf(projects: readonly BallotProject[], id: number): number | null {
  return projects.find((p) => p.id === id)?.cost ?? null;
}

/** The chosen projects' total cost (approval and knapsack). */
export function spent(projects: readonly BallotProject[], choices: Choices): number {
  return choices.selected.reduce((sum, id) => sum + (costOf(projects, id) ?? 0), 0);
}

/** Knapsack: what is left of the envelope (null when the envelope is not set). */
export function remainingBudget(
  method: Method,
  projects: readonly BallotProject[],
  choices: Choices,
): number | null {
  if (method.envelope === null) return null;
  return method.envelope - spent(projects, choices);
}

/** Knapsack: the least the chosen projects must cost in all (rounded up, as the server does). */
export function minimumSpend(method: Method): number {
  if (method.envelope === null || method.knapsackMinShare <= 0) return 0;
  return Math.ceil((method.envelope * method.knapsackMinShare) / 100);
}

export function pointsUsed(choices: Choices): number {
  return Object.values(choices.points).reduce((sum, n) => sum + n, 0);
}

export function pointsLeft(method: Method, choices: Choices): number {
  return method.cumulativePoints - pointsUsed(choices);
}

/**
 * Whether the project `id` can be added to an approval or knapsack ballot now: null when it can,
 * else why not. A project already chosen can always stay.
 */
export function canAdd(
  method: Method,
  projects: readonly BallotProject[],
  choices: Choices,
  id: number,
): Refusal | null {
  const cost = costOf(projects, id);
  if (cost === null) return { code: "unknown_project" };
  if (choices.selected.includes(id)) return null;
  if (method.rule === "approval") {
    if (method.approvalMax !== null && choices.selected.length >= method.approvalMax)
      return { code: "too_many_projects", max: method.approvalMax };
    return null;
  }
  if (method.rule === "knapsack") {
    const remaining = remainingBudget(method, projects, choices);
    if (remaining === null || method.envelope === null) return { code: "no_envelope" };
    if (cost > remaining) return { code: "over_envelope", cost, remaining, envelope: method.envelope };
  }
  return null;
}

/** Chooses or un-chooses a project (approval, knapsack); a refused choice changes nothing. */
export function toggle(
  method: Method,
  projects: readonly BallotProject[],
  choices: Choices,
  id: number,
): Change {
  if (choices.selected.includes(id))
    return { choices: { ...choices, selected: choices.selected.filter((p) => p !== id) }, refusal: null };
  const refusal = canAdd(method, projects, choices, id);
  if (refusal) return { choices, refusal };
  return { choices: { ...choices, selected: [...choices.selected, id] }, refusal: null };
}

/** Grades a project (majority judgment); null removes the grade. */
export function setGrade(choices: Choices, id: number, grade: Grade | null): Choices {
  const others = Object.entries(choices.grades).filter(([key]) => Number(key) !== id);
  const grades = Object.fromEntries(grade === null ? others : [...others, [String(id), grade]]) as Record<
    number,
    Grade
  >;
  return { ...choices, grades };
}

/**
 * Gives `wanted` points to a project (cumulative). Fewer than 0 is 0; more than the points left
 * is refused and changes nothing.
 */
export function setPoints(method: Method, choices: Choices, id: number, wanted: number): Change {
  const target = Math.max(0, Math.floor(Number.isFinite(wanted) ? wanted : 0));
  const current = choices.points[id] ?? 0;
  const left = pointsLeft(method, choices);
  if (target - current > left) {
    return { choices, refusal: { code: "not_enough_points", wanted: target, left: left + current } };
  }
  const others = Object.entries(choices.points).filter(([key]) => Number(key) !== id);
  const points = Object.fromEntries(target === 0 ? others : [...others, [String(id), target]]) as Record<
    number,
    number
  >;
  return { choices: { ...choices, points }, refusal: null };
}

/** One line of the summary the voter confirms. */
export interface SummaryLine {
  project: BallotProject;
  /** Majority judgment: the grade that counts (the lowest when ungraded). */
  grade?: Grade;
  /** Majority judgment: true when the voter gave no grade. */
  ungraded?: boolean;
  points?: number;
}

export interface Summary {
  lines: SummaryLine[];
  /** Majority judgment: how many projects were left ungraded. */
  ungraded: number;
  /** Approval and knapsack: the chosen projects' total cost. */
  total: number;
  /** Cumulative: points given. */
  points: number;
}

/** What the ballot will say: every project with its grade (majority judgment), or the chosen ones. */
export function summarize(method: Method, projects: readonly BallotProject[], choices: Choices): Summary {
  if (method.rule === "majority_judgment") {
    const lines = projects.map((project) => {
      const given = choices.grades[project.id];
      return { project, grade: given ?? LOWEST_GRADE, ungraded: given === undefined };
    });
    return { lines, ungraded: lines.filter((l) => l.ungraded).length, total: 0, points: 0 };
  }
  if (method.rule === "cumulative") {
    const lines = projects
      .filter((p) => (choices.points[p.id] ?? 0) > 0)
      .map((project) => ({ project, points: choices.points[project.id] ?? 0 }));
    return { lines, ungraded: 0, total: 0, points: pointsUsed(choices) };
  }
  const lines = choices.selected
    .map((id) => projects.find((p) => p.id === id))
    .filter((p): p is BallotProject => p !== undefined)
    .map((project) => ({ project }));
  return { lines, ungraded: 0, total: spent(projects, choices), points: 0 };
}

/** Why the ballot cannot be sent yet (null: it can). */
export type NotReady =
  | { code: "empty_ballot" }
  | { code: "under_minimum_share"; minimum: number; total: number }
  | { code: "no_envelope" };

export function notReady(
  method: Method,
  projects: readonly BallotProject[],
  choices: Choices,
): NotReady | null {
  switch (method.rule) {
    case "majority_judgment":
      return projects.some((p) => choices.grades[p.id] !== undefined) ? null : { code: "empty_ballot" };
    case "cumulative":
      return pointsUsed(choices) > 0 ? null : { code: "empty_ballot" };
    case "approval":
      return choices.selected.length ? null : { code: "empty_ballot" };
    case "knapsack": {
      if (!choices.selected.length) return { code: "empty_ballot" };
      if (method.envelope === null) return { code: "no_envelope" };
      const total = spent(projects, choices);
      const minimum = minimumSpend(method);
      return total < minimum ? { code: "under_minimum_share", minimum, total } : null;
    }
  }
}

/** The body of `POST ballots/` (and, with the receipt, of `ballots/replace/`). */
export function requestBody(
  method: Method,
  area: string,
  projects: readonly BallotProject[],
  choices: Choices,
): BallotInputRequest {
  const onBallot = new Set(projects.map((p) => p.id));
  switch (method.rule) {
    case "majority_judgment": {
      const grades: Record<string, string> = {};
      for (const p of projects) grades[String(p.id)] = choices.grades[p.id] ?? LOWEST_GRADE;
      return { area, grades };
    }
    case "cumulative": {
      const points: Record<string, number> = {};
      for (const [id, n] of Object.entries(choices.points))
        if (n > 0 && onBallot.has(Number(id))) points[id] = n;
      return { area, points };
    }
    case "approval":
    case "knapsack":
      return { area, projects: [...choices.selected].filter((id) => onBallot.has(id)).sort((a, b) => a - b) };
  }
}
