/**
 * The pure parts of the petitions' screens: the filters in the URL and in the API's query, the
 * arrondissements a petition can address, the threshold as a share, what the sign and file forms
 * send, the answer's deadline in days, the officials' order (overdue first).
 */
import type { LatLng } from "../api";
import { PETITION_STATUSES, type PetitionStatus } from "./schemas";

export { PETITION_STATUSES };

/** The statuses the public list can be filtered by (pending ones are only their authors'). */
export const PUBLIC_STATUSES: readonly PetitionStatus[] = PETITION_STATUSES.filter((s) => s !== "pending");

/** The statuses as the address names them (`?statut=ouverte`). */
export const STATUS_IN_URL: Record<PetitionStatus, string> = {
  pending: "en-moderation",
  inadmissible: "irrecevable",
  open: "ouverte",
  threshold_reached: "seuil-atteint",
  awaiting_answer: "en-attente",
  answered: "repondue",
  closed: "close",
};

export const ORDERS = ["-created_at", "-signature_count", "deadline"] as const;
export type Order = (typeof ORDERS)[number];
export const ORDER_IN_URL: Record<Order, string> = {
  "-created_at": "recentes",
  "-signature_count": "signatures",
  deadline: "echeance",
};

/** The areas a petition can be addressed to (a mairie d'arrondissement), in the city's order. */
export const AREA_CODES: readonly string[] = [
  "paris-centre",
  ...Array.from({ length: 16 }, (_, i) => `paris-${String(i + 5).padStart(2, "0")}`),
];

/** "paris-05" → 5; Paris Centre (1st–4th) → 1; anything else → null. */
export function areaNumber(code: string): number | null {
  if (code === "paris-centre") return 1;
  const found = /^paris-(\d\d)$/.exec(code);
  return found ? Number(found[1]) : null;
}

/** The area an arrondissement (1–20) belongs to: the 1st–4th make Paris Centre. */
export function areaOfArrondissement(n: number): string | null {
  if (n >= 1 && n <= 4) return "paris-centre";
  if (n >= 5 && n <= 20) return `paris-${String(n).padStart(2, "0")}`;
  return null;
}

export interface Filters {
  status: PetitionStatus | null;
  /** "city", an area code, or null for any. */
  authority: string | null;
  theme: string | null;
  q: string;
  order: Order;
  page: number;
}

export const NO_FILTERS: Filters = {
  status: null,
  authority: null,
  theme: null,
  q: "",
  order: "-created_at",
  page: 1,
};

function key<K extends string>(table: Record<K, string>, word: string | null): K | null {
  return (Object.entries(table).find(([, w]) => w === word)?.[0] ?? null) as K | null;
}

/** The filters the address names (`?statut=ouverte&autorite=paris-05&theme=…&q=…&tri=signatures`);
 * unknown values are ignored. */
export function filtersFromUrl(query: URLSearchParams): Filters {
  const authority = query.get("autorite");
  const page = Number(query.get("page") ?? "1");
  return {
    status: key(STATUS_IN_URL, query.get("statut")),
    authority:
      authority === "ville" ? "city" : authority && AREA_CODES.includes(authority) ? authority : null,
    theme: /^[-\w]{1,40}$/.test(query.get("theme") ?? "") ? query.get("theme") : null,
    q: (query.get("q") ?? "").slice(0, 200),
    order: key(ORDER_IN_URL, query.get("tri")) ?? "-created_at",
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function filtersToUrl(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.status) query.set("statut", STATUS_IN_URL[filters.status]);
  if (filters.authority) query.set("autorite", filters.authority === "city" ? "ville" : filters.authority);
  if (filters.theme) query.set("theme", filters.theme);
  if (filters.q.trim()) query.set("q", filters.q.trim());
  if (filters.order !== "-created_at") query.set("tri", ORDER_IN_URL[filters.order]);
  if (filters.page > 1) query.set("page", String(filters.page));
  return query;
}

/** The query of `GET petitions/` (and of the map) for `filters`. */
export function apiQuery(filters: Filters): Record<string, string | number> {
  const out: Record<string, string | number> = { order: filters.order };
  if (filters.status) out.status = filters.status;
  if (filters.authority) out.authority = filters.authority;
  if (filters.theme) out.theme = filters.theme;
  if (filters.q.trim()) out.q = filters.q.trim();
  if (filters.page > 1) out.page = filters.page;
  return out;
}

/** How many filters narrow the list (the order is not one). */
export function activeFilters(filters: Filters): number {
  return [filters.status, filters.authority, filters.theme, filters.q.trim() || null].filter(Boolean).length;
}

/** The share of the threshold reached, between 0 and 1 (a threshold of 0 counts as reached). */
export function thresholdShare(count: number, threshold: number): number {
  if (threshold <= 0) return 1;
  return Math.max(0, Math.min(1, count / threshold));
}

/** Whole days from `now` to `due` (negative once passed: the days overdue), by Paris calendar days. */
export function daysUntil(due: string, now: Date): number {
  const day = (d: Date) => {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Paris",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(d);
    return Date.parse(`${parts}T00:00:00Z`) / 86_400_000;
  };
  return Math.round(day(new Date(due)) - day(now));
}

/** The petitions to answer, the most overdue first, then by deadline; no deadline last. */
export function answerOrder<T extends { answer_due_at: string | null; id: number }>(
  items: readonly T[],
): T[] {
  return [...items].sort((a, b) => {
    if (a.answer_due_at === b.answer_due_at) return a.id - b.id;
    if (a.answer_due_at === null) return 1;
    if (b.answer_due_at === null) return -1;
    return Date.parse(a.answer_due_at) - Date.parse(b.answer_due_at);
  });
}

/** Age in whole years on `today` of someone born on `birthDate` ("YYYY-MM-DD"); null when unreadable. */
export function ageOn(birthDate: string, today: Date): number | null {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!found) return null;
  const [y, m, d] = [Number(found[1]), Number(found[2]), Number(found[3])];
  const born = new Date(y, m - 1, d);
  if (born.getFullYear() !== y || born.getMonth() !== m - 1 || born.getDate() !== d) return null;
  let age = today.getFullYear() - y;
  if (today.getMonth() < m - 1 || (today.getMonth() === m - 1 && today.getDate() < d)) age -= 1;
  return age;
}

export interface SignForm {
  resident: boolean;
  birth_date: string;
  area_code: string;
  show_name: boolean;
}

export interface SignBody {
  show_name: boolean;
  resident: true;
  birth_date: string;
  area_code: string;
}

/** The body of `POST petitions/{id}/signature/`; null until the person declares they live in the city. */
export function signatureBody(form: SignForm): SignBody | null {
  if (!form.resident) return null;
  return {
    show_name: form.show_name,
    resident: true,
    birth_date: form.birth_date.trim(),
    area_code: form.area_code,
  };
}

export interface FileForm {
  /** The process's slug. */
  process: string;
  title: string;
  text: string;
  /** "city" or an area code. */
  authority: string;
  theme: string;
  place: LatLng | null;
  /** The address chosen in the search for that place ("" or absent: a point of the map). */
  address?: string;
}

export interface FileBody {
  process: string;
  title: string;
  text: string;
  authority_kind: "city" | "area";
  area_code?: string;
  theme: string;
  location?: { type: "Point"; coordinates: [number, number] };
  address?: string;
}

/** The body of `POST petitions/`: the authority as its kind and area, the place as GeoJSON. */
export function filingBody(form: FileForm): FileBody {
  const body: FileBody = {
    process: form.process,
    title: form.title.trim(),
    text: form.text.trim(),
    authority_kind: form.authority === "city" ? "city" : "area",
    theme: form.theme,
  };
  if (form.authority !== "city") body.area_code = form.authority;
  if (form.place) {
    body.location = { type: "Point", coordinates: [form.place[1], form.place[0]] };
    const address = form.address?.trim();
    if (address) body.address = address;
  }
  return body;
}

/** Whether the status still takes signatures. */
export function signing(status: PetitionStatus): boolean {
  return status === "open" || status === "threshold_reached";
}
