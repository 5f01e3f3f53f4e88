/**
 * The pure parts of proposing: which campaigns take proposals, the request body of
 * `POST proposals/`, and where each of the API's errors goes on the page.
 */
import type { Campaign, LatLng } from "../../api";
import type { ProposalInputRequest, ScopeEnum } from "../../api/generated/zod";
import type { DistrictName } from "../proposal/place";

/** Where the project is, as the page knows it before sending. */
export interface Place {
  latLng: LatLng;
  /** The address chosen, or the nearest one to a point put on the map. */
  label: string;
  /** How far the point is from `label`, in metres (0 for an address chosen from the list). */
  distance: number;
  arrondissement: DistrictName | null;
  quartier: DistrictName | null;
}

export interface Draft {
  campaign: string;
  title: string;
  description: string;
  theme: string;
  scope: ScopeEnum;
  place: Place | null;
}

/** A point farther than this from its nearest address is sent without an address. */
export const NEAR_ADDRESS_M = 30;

/** The campaigns in their submission phase (whether this person may propose now, with an
 * unconfirmed address or at the daily limit, the API says when sending, in words the page shows). */
export function openCampaigns(campaigns: readonly Campaign[]): Campaign[] {
  return campaigns.filter((c) => c.current_phase === "submission");
}

const round = (value: number) => Math.round(value * 1e7) / 1e7;

/** The JSON body of `POST proposals/`: a GeoJSON Point `[lon, lat]` and the address near it. */
export function proposalBody(draft: Draft & { place: Place }): ProposalInputRequest {
  const { place } = draft;
  return {
    campaign: draft.campaign,
    title: draft.title.trim(),
    description: draft.description.trim(),
    theme: draft.theme,
    scope: draft.scope,
    location: { type: "Point", coordinates: [round(place.latLng[1]), round(place.latLng[0])] },
    address: place.distance <= NEAR_ADDRESS_M ? place.label.slice(0, 250) : "",
  };
}

/** The form's own controls: errors on these fields go next to them. */
export const FORM_FIELDS = ["campaign", "title", "description", "theme", "scope"] as const;

export interface SortedErrors {
  /** Errors about the place (`location`, `location.coordinates`, `address`…), for the address box. */
  place: string[];
  /** Errors the form shows next to its controls or in its summary. */
  form: Record<string, string[]>;
}

/** Splits the API's field errors between the place (searched outside the form) and the form. */
export function sortErrors(errors: Record<string, string[]>): SortedErrors {
  const place: string[] = [];
  const form: Record<string, string[]> = {};
  for (const [name, reasons] of Object.entries(errors)) {
    const root = name.split(".")[0] ?? name;
    if (root === "location" || root === "address") place.push(...reasons);
    else form[root] = [...(form[root] ?? []), ...reasons];
  }
  return { place, form };
}

/** The refusals that are not about a field, each with its own sentence on the page. */
export type Refusal = "emailNotVerified" | "limitReached" | "closed" | "signedOut" | null;

export function refusal(status: number, code: string): Refusal {
  if (code === "email_not_verified") return "emailNotVerified";
  if (status === 429 || code === "limit_reached" || code === "throttled") return "limitReached";
  if (code === "submissions_closed" || code === "phase_closed") return "closed";
  if (status === 401 || code === "not_authenticated") return "signedOut";
  return null;
}

/**
 * How the "arrondissement" scope is put for this place: the project goes to the ballot of the
 * arrondissement where it is, which is the person's own only when their declared home is there.
 * `mine` is the name of the person's home arrondissement when known (their voter declaration).
 */
export function arrondissementScope(
  place: Pick<Place, "arrondissement"> | null,
  mine: string | null,
): { kind: "noPlace" } | { kind: "mine" | "place"; code: string; name: string } {
  const where = place?.arrondissement;
  if (!where) return { kind: "noPlace" };
  const same = mine !== null && mine.trim().toLowerCase() === where.name.trim().toLowerCase();
  return { kind: same ? "mine" : "place", code: where.code, name: where.name };
}
