/**
 * The review queue's pure parts: its filters as they live in the page's URL and as the API reads
 * them, the rows selected for a bulk action, the outcome of a bulk action per proposal, pages,
 * and costs typed by hand. No DOM, no network: tested in `review.query.test.ts`.
 */
import { ApiError } from "../../api/client";
import type { Query } from "../../api/request";

export const STATUSES = ["submitted", "in_review", "accepted", "rejected", "merged", "withdrawn"] as const;
export type Status = (typeof STATUSES)[number];

/** Who the proposal is assigned to, as the queue's filter offers it. */
export const ASSIGNEES = ["me", "others", "nobody"] as const;
export type Assignee = (typeof ASSIGNEES)[number];

/** The queue's orders (the API's `ordering`); the first, oldest first, is the default. */
export const ORDERS = ["created_at", "-created_at", "-supports"] as const;
export type Order = (typeof ORDERS)[number];

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** The API's limit for one bulk call (review.services.BULK_MAX). */
export const BULK_MAX = 500;

export interface ReviewFilters {
  campaign: string | null;
  area: string | null;
  status: Status | null;
  theme: string | null;
  assignee: Assignee | null;
  /** true: an answer is prepared and not published; false: none is. */
  prepared: boolean | null;
  hidden: boolean | null;
  search: string;
  order: Order;
  page: number;
  pageSize: number;
}

export const EMPTY_FILTERS: ReviewFilters = {
  campaign: null,
  area: null,
  status: null,
  theme: null,
  assignee: null,
  prepared: null,
  hidden: null,
  search: "",
  order: "created_at",
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const SLUG = /^[-a-zA-Z0-9_]{1,100}$/;

function slug(value: string | null): string | null {
  return value !== null && SLUG.test(value) ? value : null;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function bool(value: string | null): boolean | null {
  if (value === "true") return true;
  if (value === "false") return false;
  return null;
}

function positive(value: string | null, fallback: number): number {
  if (value === null || !/^[0-9]{1,6}$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? n : fallback;
}

/** The filters from the page's query string; anything unknown or malformed is left out. */
export function filtersFromUrl(query: URLSearchParams): ReviewFilters {
  const size = positive(query.get("size"), DEFAULT_PAGE_SIZE);
  return {
    campaign: slug(query.get("campaign")),
    area: slug(query.get("area")),
    status: oneOf(STATUSES, query.get("status")),
    theme: slug(query.get("theme")),
    assignee: oneOf(ASSIGNEES, query.get("assignee")),
    prepared: bool(query.get("prepared")),
    hidden: bool(query.get("hidden")),
    search: (query.get("q") ?? "").trim().slice(0, 200),
    order: oneOf(ORDERS, query.get("order")) ?? "created_at",
    page: positive(query.get("page"), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The query string that gives these filters back (defaults left out, so links stay short). */
export function filtersToUrl(filters: ReviewFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.campaign) query.set("campaign", filters.campaign);
  if (filters.area) query.set("area", filters.area);
  if (filters.status) query.set("status", filters.status);
  if (filters.theme) query.set("theme", filters.theme);
  if (filters.assignee) query.set("assignee", filters.assignee);
  if (filters.prepared !== null) query.set("prepared", String(filters.prepared));
  if (filters.hidden !== null) query.set("hidden", String(filters.hidden));
  if (filters.search) query.set("q", filters.search);
  if (filters.order !== "created_at") query.set("order", filters.order);
  if (filters.page > 1) query.set("page", String(filters.page));
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) query.set("size", String(filters.pageSize));
  return query;
}

/** The filters as `GET review/queue/` (and the CSV export) read them. */
export function filtersToApi(filters: ReviewFilters, options: { paged?: boolean } = {}): Query {
  const paged = options.paged ?? true;
  const query: Query = {
    campaign: filters.campaign,
    area: filters.area,
    status: filters.status,
    theme: filters.theme,
    search: filters.search || null,
    prepared: filters.prepared,
    hidden: filters.hidden,
    ordering: filters.order === "created_at" ? null : filters.order,
  };
  if (filters.assignee === "me") query.assigned_to_me = true;
  else if (filters.assignee === "others") {
    query.assigned_to_me = false;
    query.unassigned = false;
  } else if (filters.assignee === "nobody") query.unassigned = true;
  if (paged) {
    query.page = filters.page;
    query.page_size = filters.pageSize;
  }
  return query;
}

/** A change of filter goes back to the first page; changing the page keeps the filters. */
export function withFilter(filters: ReviewFilters, change: Partial<ReviewFilters>): ReviewFilters {
  const page = "page" in change ? (change.page ?? 1) : 1;
  return { ...filters, ...change, page };
}

/** How many filters narrow the list (the campaign and the paging are not counted). */
export function activeFilterCount(filters: ReviewFilters): number {
  return [
    filters.area,
    filters.status,
    filters.theme,
    filters.assignee,
    filters.prepared,
    filters.hidden,
    filters.search || null,
  ].filter((v) => v !== null).length;
}

// --- pages ---------------------------------------------------------------------------------------

export interface PageInfo {
  page: number;
  pages: number;
  /** 1-based position of the first and last rows shown (0, 0 when there are none). */
  first: number;
  last: number;
  count: number;
}

export function pageInfo(count: number, page: number, pageSize: number, shown: number): PageInfo {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const first = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  return { page, pages, first, last: shown === 0 ? 0 : first + shown - 1, count };
}

// --- selection -----------------------------------------------------------------------------------

/** Selected proposal ids, kept across pages and filters until acted upon or cleared. */
export type Selection = ReadonlySet<number>;

export function toggle(selection: Selection, id: number, on?: boolean): Set<number> {
  const next = new Set(selection);
  const want = on ?? !next.has(id);
  if (want) next.add(id);
  else next.delete(id);
  return next;
}

/** Selects (or unselects) every id of the page shown. */
export function setMany(selection: Selection, ids: readonly number[], on: boolean): Set<number> {
  const next = new Set(selection);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** Selects the rows between `from` and `to` (both included) in the page's order (shift-click). */
export function selectRange(
  selection: Selection,
  ids: readonly number[],
  from: number,
  to: number,
  on: boolean,
): Set<number> {
  const a = ids.indexOf(from);
  const b = ids.indexOf(to);
  if (a < 0 || b < 0) return toggle(selection, to, on);
  const [low, high] = a <= b ? [a, b] : [b, a];
  return setMany(selection, ids.slice(low, high + 1), on);
}

/** The page's "select all" box: checked, unchecked or mixed. */
export function pageSelectionState(selection: Selection, ids: readonly number[]): "none" | "some" | "all" {
  const chosen = ids.filter((id) => selection.has(id)).length;
  if (chosen === 0) return "none";
  return chosen === ids.length ? "all" : "some";
}

// --- bulk actions --------------------------------------------------------------------------------

export const BULK_ACTIONS = ["start_review", "accept", "reject", "assign"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The `can` entry that tells whether a proposal allows the action. */
export const BULK_CAN: Record<BulkAction, "start_review" | "accept" | "reject" | "assign"> = {
  start_review: "start_review",
  accept: "accept",
  reject: "reject",
  assign: "assign",
};

interface Row {
  id: number;
  can: Record<string, boolean>;
}

/**
 * Among the selected rows that are known (shown on this page), those that allow the action, and
 * those that do not; ids selected on other pages are `unknown` (the API checks them).
 */
export function eligibility(
  rows: readonly Row[],
  selection: Selection,
  action: BulkAction,
): { allowed: number[]; refused: number[]; unknown: number[] } {
  const known = new Map(rows.map((r) => [r.id, r]));
  const allowed: number[] = [];
  const refused: number[] = [];
  const unknown: number[] = [];
  for (const id of [...selection].sort((x, y) => x - y)) {
    const row = known.get(id);
    if (!row) unknown.push(id);
    else if (row.can[BULK_CAN[action]]) allowed.push(id);
    else refused.push(id);
  }
  return { allowed, refused, unknown };
}

export type ItemOutcome = "done" | "refused" | "cancelled";

type BulkItem = BulkOutcome["items"][number];

export interface BulkOutcome {
  ok: boolean;
  items: { id: number; outcome: ItemOutcome; message: string }[];
  done: number;
  refused: number;
  cancelled: number;
  /** The API's message when the call was refused as a whole. */
  message: string;
}

/** The proposal a bulk refusal names: "Proposal #12: …" under `errors.ids` (or in the message). */
export function refusedId(error: ApiError): number | null {
  const texts = [...(error.errors.ids ?? []), error.message];
  for (const text of texts) {
    const found = /#(\d+)/.exec(text);
    if (found) return Number(found[1]);
  }
  return null;
}

/**
 * What happened to each proposal of a bulk call. The API acts on all of them or on none: on
 * success every one is done; on a refusal the proposal it names is refused (with the reason) and
 * the others are left as they were (cancelled).
 */
export function bulkOutcome(ids: readonly number[], result: { ids: number[] } | ApiError): BulkOutcome {
  if (!(result instanceof ApiError)) {
    const done = new Set(result.ids);
    const items = ids.map((id): BulkItem => ({
      id,
      outcome: done.has(id) ? "done" : "cancelled",
      message: "",
    }));
    return summarise(items, true, "");
  }
  const culprit = refusedId(result);
  const reason = (result.errors.ids?.[0] ?? result.message).replace(/^Proposal #\d+:\s*/, "");
  const items = ids.map((id): BulkItem => ({
    id,
    outcome: id === culprit ? "refused" : "cancelled",
    message: id === culprit ? reason : "",
  }));
  return summarise(items, false, result.message);
}

function summarise(items: BulkOutcome["items"], ok: boolean, message: string): BulkOutcome {
  const count = (o: ItemOutcome) => items.filter((i) => i.outcome === o).length;
  return {
    ok,
    items,
    done: count("done"),
    refused: count("refused"),
    cancelled: count("cancelled"),
    message,
  };
}

// --- money ---------------------------------------------------------------------------------------

/** The API's bound on costs (review.services.MAX_COST). */
export const MAX_COST = 10 ** 12;

/**
 * A cost in whole euros as typed: "12500", "12 500", "12 500 €", "12.500", "12,500", "12500,00".
 * Null when it is not a positive whole number of euros.
 */
export function parseEuros(text: string): number | null {
  let value = text.replace(/[\s\u00a0\u202f€]/g, "").replace(/eur(os?)?$/i, "");
  value = value.replace(/[.,]00?$/, "");
  if (/^\d{1,3}([.,]\d{3})+$/.test(value)) value = value.replace(/[.,]/g, "");
  if (!/^\d{1,13}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_COST ? n : null;
}
