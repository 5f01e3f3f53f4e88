/**
 * The petitions API's answers, validated at the edge. Written from the contract in
 * docs/petitions.md until the back end's OpenAPI schema has them; then these become the
 * generated validators (`../api/generated/zod`) under the same names.
 */
import { z } from "zod";

export const PETITION_STATUSES = [
  "pending",
  "inadmissible",
  "open",
  "threshold_reached",
  "awaiting_answer",
  "answered",
  "closed",
] as const;

export const PetitionStatus = z.enum(PETITION_STATUSES);

const AreaName = z.object({ code: z.string(), name: z.string() });

export const Authority = z.object({
  kind: z.enum(["city", "area"]),
  area: AreaName.nullable(),
});

const PointGeometry = z.object({ type: z.literal("Point"), coordinates: z.array(z.number()).min(2) });

export const PetitionListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  excerpt: z.string(),
  authority: Authority,
  theme: z.string(),
  location: PointGeometry.nullable(),
  status: PetitionStatus,
  signature_count: z.number().int(),
  threshold: z.number().int(),
  signing_ends_at: z.string().nullable(),
  answer_due_at: z.string().nullable(),
  created_at: z.string(),
  author_name: z.string().nullable(),
  signed_by_me: z.boolean(),
  following: z.boolean(),
});

export const PaginatedPetitionList = z.object({
  count: z.number().int(),
  next: z.string().nullable().optional(),
  previous: z.string().nullable().optional(),
  results: z.array(PetitionListItem),
});

export const PetitionAnswer = z.object({
  text: z.string(),
  answered_at: z.string(),
  by_name: z.string().nullable(),
});

export const PetitionModeration = z.object({
  decision: z.enum(["admissible", "inadmissible"]),
  reason_code: z.string().nullable(),
  reason_text: z.string(),
});

export const AreaCount = z.object({ code: z.string(), name: z.string(), count: z.number().int() });

export const PetitionCan = z.object({
  sign: z.boolean(),
  withdraw: z.boolean(),
  moderate: z.boolean(),
  answer: z.boolean(),
  convert: z.boolean(),
  edit: z.boolean(),
});

export const PetitionDetail = PetitionListItem.extend({
  process: z.number().int(),
  text: z.string(),
  answer: PetitionAnswer.nullable(),
  moderation: PetitionModeration.nullable(),
  counts_by_area: z.array(AreaCount),
  held_count: z.number().int().nullable(),
  proposal: z.number().int().nullable(),
  can: PetitionCan,
});

export const PetitionProcess = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  threshold: z.number().int(),
  signing_days: z.number().int(),
  answer_days: z.number().int(),
  min_age: z.number().int(),
  filing_open: z.boolean(),
});

export const PetitionProcessList = z.array(PetitionProcess);

export const PetitionMapCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      id: z.number().int(),
      geometry: PointGeometry,
      properties: z.object({
        title: z.string(),
        status: PetitionStatus,
        signature_count: z.number().int(),
      }),
    }),
  ),
});

export const SignatureOutput = z.object({
  counted: z.boolean(),
  held_reason: z.enum(["new_account", "unverified_declaration"]).nullable(),
});

export const SignerList = z.object({
  count: z.number().int(),
  next: z.string().nullable().optional(),
  previous: z.string().nullable().optional(),
  total_counted: z.number().int(),
  results: z.array(z.object({ name: z.string(), signed_at: z.string() })),
});

export const HeldSignature = z.object({
  id: z.number().int(),
  petition: z.object({ id: z.number().int(), title: z.string() }),
  held_reason: z.enum(["new_account", "unverified_declaration"]),
  area: AreaName.nullable(),
  created_at: z.string(),
});

export const BurstAlert = z.object({
  id: z.number().int(),
  petition: z.object({ id: z.number().int(), title: z.string() }),
  signature_count: z.number().int(),
  window_minutes: z.number().int(),
  created_at: z.string(),
});

export const PetitionQueue = z.object({
  pending: z.array(PetitionListItem),
  to_answer: z.array(PetitionListItem),
  held_signatures: z.array(HeldSignature),
  alerts: z.array(BurstAlert),
});

export const SignatureCheckOutput = z.object({
  id: z.number().int(),
  status: z.enum(["counted", "rejected"]),
});

export type PetitionStatus = z.output<typeof PetitionStatus>;
export type PetitionSummary = z.output<typeof PetitionListItem>;
export type Petition = z.output<typeof PetitionDetail>;
export type Process = z.output<typeof PetitionProcess>;
export type PetitionPage = z.output<typeof PaginatedPetitionList>;
export type PetitionMap = z.output<typeof PetitionMapCollection>;
export type Signature = z.output<typeof SignatureOutput>;
export type Signers = z.output<typeof SignerList>;
export type Queue = z.output<typeof PetitionQueue>;
export type Held = z.output<typeof HeldSignature>;
export type Alert = z.output<typeof BurstAlert>;
