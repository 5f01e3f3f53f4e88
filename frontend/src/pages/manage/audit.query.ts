/**
 * The audit log's pure parts: its filters in the URL and for the API (days turned into moments),
 * which actions have a name, what changed between `before` and `after`, and where a record's
 * object lives in the application.
 */
import type { Query } from "../../api/request";

export const AUDIT_PAGE_SIZE = 50;

/** The actions the services write (audit_record(action=…)), named in the catalogue. */
export const KNOWN_ACTIONS = [
  "proposal.submit",
  "proposal.edit",
  "proposal.withdraw",
  "proposal.locate",
  "proposal.import",
  "proposal.report",
  "proposal.hide",
  "proposal.restore",
  "proposal.reports_dismiss",
  "proposal.start_review",
  "proposal.accept",
  "proposal.reject",
  "proposal.note",
  "proposal.prepare",
  "proposal.assign",
  "proposal.merge",
  "proposal.project",
  "project.create",
  "project.update",
  "project.add_proposals",
  "project.import",
  "project.priority",
  "campaign.create",
  "campaign.update",
  "campaign.phase",
  "campaign.phase_advance",
  "campaign.phase_move",
  "campaign.voting_settings",
  "envelope.set",
  "participation.paper",
  "declaration.checked",
  "declaration.refused",
  "results.compare",
  "delivery.update",
  "delivery.milestone_add",
  "user.role",
  "user.verify_email",
] as const;
export type KnownAction = (typeof KNOWN_ACTIONS)[number];

export const OBJECT_TYPES = ["proposal", "project", "campaign", "user", "delivery"] as const;

export interface AuditFilters {
  action: string | null;
  objectType: string | null;
  objectId: string;
  area: string | null;
  /** Days as YYYY-MM-DD, both included. */
  since: string | null;
  until: string | null;
  page: number;
}

export const EMPTY_AUDIT: AuditFilters = {
  action: null,
  objectType: null,
  objectId: "",
  area: null,
  since: null,
  until: null,
  page: 1,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z_]{1,40}(\.[a-z_]{1,40})?$/;

function day(value: string | null): string | null {
  return value !== null && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : null;
}

export function auditFromUrl(query: URLSearchParams): AuditFilters {
  const page = query.get("page") ?? "";
  const code = (v: string | null) => (v !== null && CODE.test(v) ? v : null);
  const area = query.get("area");
  return {
    action: code(query.get("action")),
    objectType: code(query.get("object_type")),
    objectId: (query.get("object_id") ?? "").trim().slice(0, 40),
    area: area !== null && /^[-a-zA-Z0-9_]{1,40}$/.test(area) ? area : null,
    since: day(query.get("since")),
    until: day(query.get("until")),
    page: /^[1-9][0-9]{0,5}$/.test(page) ? Number(page) : 1,
  };
}

export function auditToUrl(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.action) query.set("action", filters.action);
  if (filters.objectType) query.set("object_type", filters.objectType);
  if (filters.objectId) query.set("object_id", filters.objectId);
  if (filters.area) query.set("area", filters.area);
  if (filters.since) query.set("since", filters.since);
  if (filters.until) query.set("until", filters.until);
  if (filters.page > 1) query.set("page", String(filters.page));
  return query;
}

/** The start of a day in the reader's time zone, as the instant the API reads (ISO 8601, UTC). */
export function dayStart(value: string, plusDays = 0): string {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export function auditToApi(filters: AuditFilters): Query {
  return {
    action: filters.action,
    object_type: filters.objectType,
    object_id: filters.objectId || null,
    area: filters.area,
    since: filters.since ? dayStart(filters.since) : null,
    // "until" is the last day shown: the API's bound is exclusive, so the next day's start.
    until: filters.until ? dayStart(filters.until, 1) : null,
    page: filters.page,
    page_size: AUDIT_PAGE_SIZE,
  };
}

export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function plain(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The fields whose value differs between `before` and `after`, in the order they first appear. */
export function changes(before: unknown, after: unknown): Change[] {
  const b = plain(before);
  const a = plain(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((f) => ({ field: f, before: b[f] ?? null, after: a[f] ?? null }));
}

/** A value of a change in a few words: "—" for nothing, long texts cut, structures as JSON. */
export function shortValue(value: unknown, max = 80): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where the record's object can be opened, or null. */
export function objectPath(objectType: string, objectId: string): string | null {
  if (!/^\d{1,12}$/.test(objectId)) return null;
  if (objectType === "proposal") return `/gestion/etude/${objectId}`;
  if (objectType === "project") return `/gestion/projets/${objectId}`;
  return null;
}

export function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}
