/** The moderation queue's pure parts: its filters in the URL and for the API, reasons in order. */
import type { Query } from "../../api/request";

export const REASONS = ["spam", "offensive", "off_topic", "duplicate", "other"] as const;
export type Reason = (typeof REASONS)[number];
export const SHOWS = ["all", "hidden", "visible"] as const;
export type Show = (typeof SHOWS)[number];
export const MODERATION_PAGE_SIZE = 50;

export interface ModerationFilters {
  show: Show;
  reason: Reason | null;
  page: number;
}

export function moderationFromUrl(query: URLSearchParams): ModerationFilters {
  const show = query.get("show");
  const reason = query.get("reason");
  const page = query.get("page") ?? "";
  return {
    show: (SHOWS as readonly string[]).includes(show ?? "") ? (show as Show) : "all",
    reason: (REASONS as readonly string[]).includes(reason ?? "") ? (reason as Reason) : null,
    page: /^[1-9][0-9]{0,5}$/.test(page) ? Number(page) : 1,
  };
}

export function moderationToUrl(filters: ModerationFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.show !== "all") query.set("show", filters.show);
  if (filters.reason) query.set("reason", filters.reason);
  if (filters.page > 1) query.set("page", String(filters.page));
  return query;
}

export function moderationToApi(filters: ModerationFilters): Query {
  return {
    hidden: filters.show === "all" ? null : filters.show === "hidden",
    reason: filters.reason,
    page: filters.page,
    page_size: MODERATION_PAGE_SIZE,
  };
}

/** The open reports' reasons, most frequent first (then in the reasons' own order). */
export function reasonsInOrder(reasons: Record<string, number>): [string, number][] {
  const rank = (r: string) => {
    const i = (REASONS as readonly string[]).indexOf(r);
    return i < 0 ? REASONS.length : i;
  };
  return Object.entries(reasons)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]));
}
