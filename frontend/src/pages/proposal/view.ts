/** The pure parts of the proposal page: the status in words, the report's body, the refusals. */
import { ReasonEnum, type ReportInputRequest } from "../../api/generated/zod";
import type { Translator } from "../../i18n";

/** The reasons a report may give, in the API's order. */
export const REPORT_REASONS = ReasonEnum.options;

export interface StatusFacts {
  status: string;
  is_hidden: boolean;
}

/** The status as words ("Déposée", "Déposée — masquée…"): never a colour alone. */
export function statusWords(proposal: StatusFacts, tr: Pick<Translator, "status">, hidden: string): string {
  const word = tr.status(proposal.status);
  return proposal.is_hidden ? `${word} — ${hidden}` : word;
}

/** The body of `POST proposals/<id>/report/`: the reason, and the details when there are some. */
export function reportBody(reason: string, text: string): ReportInputRequest {
  const parsed = ReasonEnum.safeParse(reason);
  const details = text.trim();
  // An unknown reason is sent as it is: the API says what is wrong, next to the field.
  const body = { reason: (parsed.success ? parsed.data : reason) as ReportInputRequest["reason"] };
  return details ? { ...body, text: details } : body;
}

/** The refusals of a report the page says in its own words. */
export function reportRefusal(
  status: number,
  code: string,
): "alreadyReported" | "emailNotVerified" | "tooMany" | null {
  if (code === "already_reported") return "alreadyReported";
  if (code === "email_not_verified") return "emailNotVerified";
  if (status === 429) return "tooMany";
  return null;
}

export interface AuthorFacts {
  display_name: string;
  former_participant: boolean;
}

/** Who proposed it, as everyone sees it: the display name, "a former participant" once the
 * author deleted their account, or null (no name chosen, or an imported proposal): not shown. */
export function authorWords(author: AuthorFacts | null | undefined, former: string): string | null {
  if (!author) return null;
  if (author.former_participant) return former;
  return author.display_name.trim() || null;
}
