/** The role form's pure part: the `PUT users/{id}/role/` body, or what is missing. */
import type { RoleEnum, UserRoleInputRequest } from "../../api/generated/zod";

export function roleBody(
  role: RoleEnum,
  areas: readonly string[],
  reason: string,
): { ok: true; body: UserRoleInputRequest } | { ok: false; field: "areas" } {
  if (role === "official" && areas.length === 0) return { ok: false, field: "areas" };
  const body: UserRoleInputRequest = { role, areas: role === "official" ? [...new Set(areas)].sort() : [] };
  const text = reason.trim();
  if (text) body.reason = text;
  return { ok: true, body };
}

/** Every area of the campaigns once, by code, in the order met. */
export function areaChoices(
  campaigns: readonly { areas: readonly { code: string; name: string }[] }[],
): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const c of campaigns) for (const a of c.areas) if (!seen.has(a.code)) seen.set(a.code, a.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}

/** How a person is named in labels and titles: the name with the email (homonyms differ), or
 * the email alone. */
export function personLabel(p: { display_name?: string | null; email: string }): string {
  return p.display_name ? `${p.display_name} (${p.email})` : p.email;
}
