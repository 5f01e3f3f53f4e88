/** The project edit form's pure part: what changed, as the `PATCH projects/{id}/` body. */
import type { PatchedProjectUpdateInputRequest } from "../../api/generated/zod";

export interface ProjectFields {
  title: string;
  description: string;
  cost: number;
}

export type PatchResult =
  { ok: true; body: PatchedProjectUpdateInputRequest; changed: boolean } | { ok: false; field: "cost" };

/** Only the fields that differ from `before` (and the reason when something changed). */
export function projectPatch(
  before: ProjectFields,
  form: { title: string; description: string; cost: string; reason: string },
): PatchResult {
  const body: PatchedProjectUpdateInputRequest = {};
  const title = form.title.trim();
  const description = form.description.trim();
  const costText = form.cost.replace(/[\s\u202f\u00a0€]/g, "");
  if (!/^\d+$/.test(costText) || Number(costText) < 1) return { ok: false, field: "cost" };
  const cost = Number(costText);
  if (title !== before.title) body.title = title;
  if (description !== before.description) body.description = description;
  if (cost !== before.cost) body.cost = cost;
  const changed = Object.keys(body).length > 0;
  const reason = form.reason.trim();
  if (changed && reason) body.reason = reason;
  return { ok: true, body, changed };
}
