/** Typed answers of the petitions API, shaped as the contract says, for the unit tests. */
import type { Petition, PetitionPage, PetitionProcess, PetitionSummary, Queue } from "./schemas";

export const PROCESS: PetitionProcess = {
  id: 1,
  slug: "petitions-paris",
  name: "Pétitions de Paris",
  threshold: 5000,
  area_threshold: 1000,
  signing_days: 180,
  answer_days: 90,
  min_age: 16,
  filing_open: true,
};

export function summary(id: number, extra: Partial<PetitionSummary> = {}): PetitionSummary {
  return {
    id,
    process: "petitions-paris",
    title: `Pétition ${id}`,
    excerpt: "Des arbres rue de Rivoli…",
    authority: { kind: "area", area: { code: "paris-05", name: "5e arrondissement" } },
    theme: { slug: "environnement", name: "Environnement" },
    location: { type: "Point", coordinates: [2.3497, 48.8441] },
    status: "open",
    signature_count: 250,
    threshold: 1000,
    published_at: "2026-03-03T10:00:00+01:00",
    signing_ends_at: "2026-09-01T12:00:00+02:00",
    answer_due_at: null,
    created_at: "2026-03-02T10:00:00+01:00",
    author_name: "Léa",
    author: { display_name: "Léa", former_participant: false },
    signed_by_me: false,
    following: false,
    proposal: null,
    ...extra,
  };
}

export function detail(id: number, extra: Partial<Petition> = {}): Petition {
  return {
    ...summary(id),
    text: "Des arbres rue de Rivoli.\nEt des bancs.",
    answer: null,
    moderation: { decision: "admissible", reason_code: null, reason_text: "" },
    counts_by_area: [
      { code: "paris-05", name: "5e arrondissement", count: 200 },
      { code: "paris-centre", name: "Paris Centre", count: 50 },
      { code: "paris-13", name: "13e arrondissement", count: 0 },
    ],
    address: "",
    threshold_reached_at: null,
    closed_at: null,
    held_count: null,
    can: { sign: true, withdraw: false, moderate: false, answer: false, convert: false, edit: false },
    ...extra,
  };
}

export function page(results: PetitionSummary[], next: string | null = null): PetitionPage {
  return { count: results.length, next, previous: null, results };
}

export const QUEUE: Queue = {
  pending: [summary(3, { status: "pending", signature_count: 0, signing_ends_at: null })],
  agenda: [
    summary(4, {
      status: "awaiting_answer",
      signature_count: 1200,
      answer_due_at: "2026-06-20T12:00:00+02:00",
    }),
    summary(5, {
      status: "threshold_reached",
      signature_count: 1000,
      answer_due_at: "2026-05-01T12:00:00+02:00",
    }),
  ],
  held_signatures: [
    {
      id: 31,
      petition: 4,
      petition_title: "Pétition 4",
      held_reason: "new_account",
      area: { code: "paris-05", name: "5e arrondissement" },
      birth_date: "1990-04-02",
      account_joined_at: "2026-05-10T08:30:00+02:00",
      created_at: "2026-05-10T09:00:00+02:00",
    },
  ],
  alerts: [
    {
      id: 8,
      petition: 4,
      petition_title: "Pétition 4",
      signatures: 40,
      first_at: "2026-05-10T09:00:00+02:00",
      last_at: "2026-05-10T09:10:00+02:00",
    },
  ],
};
