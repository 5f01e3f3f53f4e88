/**
 * Pure helpers for notifications: the bell's badge and name, where a notification leads, how to
 * order a page of them once some are marked read.
 */
import type { z } from "zod";
import type { NotificationOutput } from "../api/generated/zod";
import { pathTo } from "../app/router";

export type Notification = z.output<typeof NotificationOutput>;

/** The badge: nothing at 0, the number up to 99, then "99+". */
export function badgeText(count: number): string {
  if (count <= 0) return "";
  return count > 99 ? "99+" : String(count);
}

/** Where a notification leads: its proposal, the vote, the results, its petition; null when nowhere. */
export function linkFor(n: Notification): string | null {
  // A new comment: the discussion on the page (its thread scrolls there once loaded).
  const discussion = n.event === "comment" ? "#comments" : "";
  if (n.proposal !== null) return pathTo("proposal", { id: n.proposal }) + discussion;
  if (n.event === "vote_open") return pathTo("vote");
  if (n.event === "results") return pathTo("results");
  if (n.project !== null && (n.event === "milestone" || n.event === "delivery")) {
    return pathTo("delivery", { id: n.project }); // a winner's page, by its project's id
  }
  if (n.project !== null) return pathTo("project", { id: n.project }) + discussion;
  // A burst of signatures is for the officials' queue; every other petition event, its page.
  if (n.event === "petition_burst") return "/gestion/petitions";
  if (n.petition !== null) return pathTo("petition", { id: n.petition });
  return null;
}

/** The list after marking `ids` read at `now` (or all of them when `ids` is "all"). */
export function markRead(list: Notification[], ids: number[] | "all", now: string): Notification[] {
  return list.map((n) =>
    !n.read && (ids === "all" || ids.includes(n.id)) ? { ...n, read: true, read_at: now } : n,
  );
}
