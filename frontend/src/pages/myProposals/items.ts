/** One of "my proposals" as the page shows it, from a feature of `proposals/?mine=true`. */
import type { z } from "zod";
import type { ProposalFeature } from "../../api/generated/zod";

type Feature = z.output<typeof ProposalFeature>;

export interface MyProposal {
  id: number;
  title: string;
  campaign: string;
  /** The status word's key: a proposal status, or "hidden" when moderation hid it. */
  status: string;
  hiddenReason: string | null;
  createdAt: string;
  place: string | null;
  location: "placed" | "pending" | "failed";
  locationError: string;
  answer: string;
  cost: number | null;
  mergedInto: number | null;
  project: number | null;
}

export function myProposal(feature: Feature): MyProposal {
  const p = feature.properties;
  const place = [p.address, p.district?.name].filter(Boolean).join(", ");
  return {
    id: feature.id,
    title: p.title,
    campaign: p.campaign,
    status: p.is_hidden ? "hidden" : p.status,
    hiddenReason: p.is_hidden ? p.hidden_reason : null,
    createdAt: p.created_at,
    place: place || null,
    location: p.location_status,
    locationError: p.location_error,
    answer: p.public_answer.trim(),
    cost: p.status === "accepted" ? p.estimated_cost : null,
    mergedInto: p.merged_into,
    project: p.project,
  };
}
