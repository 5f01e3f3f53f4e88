/**
 * Pure pieces of the « projets réalisés » screens: the filters in the URL, the order of the
 * timeline, the budget spent against the cost, the texts in the page's language.
 */
import type { Lang } from "../../i18n";
import type { DeliveryKey } from "./messages";

export const STATUSES = ["study", "in_progress", "delivered", "abandoned"] as const;
export type Status = (typeof STATUSES)[number];
export const KINDS = ["study", "procedures", "works", "delivery", "opening", "news"] as const;
export type Kind = (typeof KINDS)[number];

export function statusKey(status: string): DeliveryKey {
  return (STATUSES as readonly string[]).includes(status)
    ? (`status.${status}` as DeliveryKey)
    : "status.study";
}

export function kindKey(kind: string): DeliveryKey {
  return (KINDS as readonly string[]).includes(kind) ? (`kind.${kind}` as DeliveryKey) : "kind.news";
}

export interface Filters {
  status: Status | null;
  area: string | null;
}

/** The filters the address names (`?statut=livre&zone=paris-05`); unknown values are ignored. */
export const STATUS_IN_URL: Record<Status, string> = {
  study: "etude",
  in_progress: "en-cours",
  delivered: "livre",
  abandoned: "abandonne",
};

export function filtersFromQuery(query: URLSearchParams, areas: readonly string[]): Filters {
  const word = query.get("statut");
  const status = (Object.entries(STATUS_IN_URL).find(([, w]) => w === word)?.[0] ?? null) as Status | null;
  const zone = query.get("zone");
  return { status, area: zone && areas.includes(zone) ? zone : null };
}

export function filtersToQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.status) query.set("statut", STATUS_IN_URL[filters.status]);
  if (filters.area) query.set("zone", filters.area);
  return query;
}

/** The API's query for `filters`. */
export function apiQuery(filters: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  if (filters.status) out.status = filters.status;
  if (filters.area) out.area = filters.area;
  return out;
}

/** The share of the voted cost spent, in whole percent (over 100 when it overran). */
export function spentShare(spent: number, cost: number): number {
  if (cost <= 0) return 0;
  return Math.round((spent / cost) * 100);
}

/** Milestones newest first (the same date: the last added first). */
export function timeline<T extends { date: string; id: number }>(milestones: readonly T[]): T[] {
  return [...milestones].sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
}

/** A text in the page's language: the English one when there is one, else the French. */
export function inLang(lang: Lang, fr: string, en: string | undefined): { text: string; lang: Lang } {
  if (lang === "en" && en && en.trim()) return { text: en, lang: "en" };
  return { text: fr, lang: "fr" };
}

/** The areas in the city's order: Paris-wide first, Paris Centre, then the 5th to the 20th. */
export function sortAreaCodes<T extends { code: string }>(areas: readonly T[]): T[] {
  const rank = (code: string) =>
    code === "paris" ? -2 : code === "paris-centre" ? -1 : Number(code.slice(6)) || 99;
  return [...areas].sort((a, b) => rank(a.code) - rank(b.code));
}
