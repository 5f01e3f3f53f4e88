/**
 * The voting declaration's logic, apart from the page: which campaigns ask for one, what the
 * form sends, whether the declaration can still change, and what to say about it.
 */
import type { z } from "zod";
import type {
  AreaRef,
  CampaignOutput,
  DeclarationInputRequest,
  VotingStatusOutput,
} from "../../api/generated/zod";

type Campaign = Pick<z.output<typeof CampaignOutput>, "slug" | "current_phase">;
type Area = z.output<typeof AreaRef>;
type Status = z.output<typeof VotingStatusOutput>;

/** The campaigns whose voting phase is on: those a declaration is for. */
export function votingCampaigns<C extends Campaign>(campaigns: C[]): C[] {
  return campaigns.filter((c) => c.current_phase === "voting");
}

/** The arrondissement ballots a voter can choose as their arrondissement de cœur, by name. */
export function heartAreas(areas: Area[]): Area[] {
  return areas
    .filter((a) => a.kind === "arrondissements")
    .sort((a, b) => a.name.localeCompare(b.name, "fr", { numeric: true }));
}

export interface DeclarationForm {
  full_name: string;
  birth_date: string;
  address: string;
  /** An area code, or "" for the area of the home address. */
  heart_area: string;
}

/** The body of `PUT campaigns/{slug}/declaration/`. */
export function declarationBody(form: DeclarationForm): z.input<typeof DeclarationInputRequest> {
  return {
    full_name: form.full_name.trim().replace(/\s+/g, " "),
    birth_date: form.birth_date,
    address: form.address.trim(),
    heart_area: form.heart_area || null,
  };
}

export type Lock = "none" | "refused" | "voted";

/** Whether the declaration can still be corrected: not once refused (the town hall reviews it
 * again) nor once the person voted in one of the campaign's ballots. */
export function declarationLock(status: Pick<Status, "declaration" | "areas">): Lock {
  if (status.declaration?.status === "refused") return "refused";
  if (status.areas.some((a) => a.voted !== null)) return "voted";
  return "none";
}

export const VOTE_REASONS = [
  "phase_closed",
  "too_young",
  "not_eligible",
  "other_area_chosen",
  "already_voted",
  "already_voted_on_paper",
  "voted_elsewhere",
  "declaration_missing",
  "email_not_verified",
  "not_authenticated",
  "not_in_campaign",
] as const;

export type VoteReason = (typeof VOTE_REASONS)[number];

/** A known reason of `can.vote` (said in the page's words), or null (the server's message is said). */
export function voteReason(reason: string | null): VoteReason | null {
  return (VOTE_REASONS as readonly string[]).includes(reason ?? "") ? (reason as VoteReason) : null;
}

/** The birth date's bounds for the date input: from 130 years ago to yesterday (local time). */
export function birthDateBounds(today: Date): { min: string; max: string } {
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  return { min: `${today.getFullYear() - 130}-01-01`, max: iso(yesterday) };
}
