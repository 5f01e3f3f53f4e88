/**
 * The merge tool's pure part: which suggested duplicates can join the proposal being merged,
 * the selection, and the request bodies the three ways of merging send.
 */
import type { DuplicateOutput, ProjectCreateInputRequest } from "../../api/generated/zod";

/** What the tool needs to know of the proposal being merged. */
export interface MergeSubject {
  id: number;
  status: string;
  area: string | null;
  project: number | null;
  estimatedCost: number | null;
}

/** Why a suggestion cannot be selected (null: it can). */
export type Blocker = "not_accepted" | "other_area" | "in_project" | null;

export interface Candidate {
  id: number;
  status: string;
  area: string | null;
  project?: number | null;
}

export function blocker(candidate: Candidate, subject: MergeSubject): Blocker {
  if (candidate.status !== "accepted") return "not_accepted";
  if (candidate.area !== subject.area) return "other_area";
  if (candidate.project !== undefined && candidate.project !== null) return "in_project";
  return null;
}

/** Adds or removes `id`; the result keeps the order of the suggestions. */
export function toggle(selection: readonly number[], id: number, order: readonly number[]): number[] {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return order.filter((i) => next.has(i));
}

/** The selection without the suggestions that cannot be selected (any more). */
export function keepSelectable(
  selection: readonly number[],
  candidates: readonly Candidate[],
  subject: MergeSubject,
): number[] {
  const ok = new Set(candidates.filter((c) => blocker(c, subject) === null).map((c) => c.id));
  return selection.filter((id) => ok.has(id));
}

/** Suggestions best first, ties by id (the API's order, made stable for display). */
export function ranked(duplicates: readonly DuplicateOutput[]): DuplicateOutput[] {
  return [...duplicates].sort((a, b) => b.score - a.score || a.id - b.id);
}

export interface ProjectForm {
  title: string;
  description: string;
  /** As typed: empty means "the sum of the estimated costs". */
  cost: string;
}

export type BodyResult<T> =
  | { ok: true; body: T }
  | { ok: false; field: keyof ProjectForm | "proposals"; reason: "required" | "cost" | "none" };

/**
 * `POST projects/`: the proposal being merged first, then the selection. With several proposals
 * the API wants a title and a description; the cost, when left empty, is the sum it computes.
 */
export function projectBody(
  subject: MergeSubject,
  selection: readonly number[],
  form: ProjectForm,
): BodyResult<ProjectCreateInputRequest> {
  const proposals = [subject.id, ...selection.filter((id) => id !== subject.id)];
  const title = form.title.trim();
  const description = form.description.trim();
  const several = proposals.length > 1;
  if (several && !title) return { ok: false, field: "title", reason: "required" };
  if (several && !description) return { ok: false, field: "description", reason: "required" };
  const body: ProjectCreateInputRequest = { proposals };
  if (title) body.title = title;
  if (description) body.description = description;
  const costText = form.cost.replace(/[\s\u202f\u00a0€]/g, "");
  if (costText) {
    if (!/^\d+$/.test(costText) || Number(costText) < 1) return { ok: false, field: "cost", reason: "cost" };
    body.cost = Number(costText);
  }
  return { ok: true, body };
}

/**
 * `POST projects/{id}/proposals/`: the selection, plus the proposal being merged unless it is
 * already the project's.
 */
export function addBody(
  subject: MergeSubject,
  projectId: number,
  selection: readonly number[],
): BodyResult<{ proposals: number[] }> {
  const proposals = subject.project === projectId ? [...selection] : [subject.id, ...selection];
  const unique = [...new Set(proposals)];
  if (unique.length === 0) return { ok: false, field: "proposals", reason: "none" };
  return { ok: true, body: { proposals: unique } };
}

/** `POST proposals/{id}/merge/` for each selected duplicate, into the proposal being merged. */
export function mergeCalls(
  subject: MergeSubject,
  selection: readonly number[],
): { id: number; body: { into: number } }[] {
  return selection.filter((id) => id !== subject.id).map((id) => ({ id, body: { into: subject.id } }));
}

/** The cost the API will compute when none is typed: the sum of the known estimated costs. */
export function summedCost(costs: readonly (number | null)[]): number | null {
  const known = costs.filter((c): c is number => c !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}
