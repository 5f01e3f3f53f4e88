/**
 * The schedule form's pure part. Phase boundaries are Paris wall-clock times in the form
 * (`<input type="datetime-local">`, whatever the browser's own zone) and ISO 8601 instants with
 * their offset in the API. `scheduleRequests` turns the edited rows into the
 * `PUT campaigns/{slug}/phases/{phase}/` bodies of the phases that changed.
 */
import type { PhaseEnum, PhaseMoveInputRequest } from "../../api/generated/zod";

export const TIME_ZONE = "Europe/Paris";

const offsetFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, timeZoneName: "longOffset" });
const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Paris's offset from UTC at `instant`, in minutes (60 in winter, 120 in summer). */
export function parisOffset(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** An instant as the Paris wall-clock time a datetime-local input shows ("2026-03-01T09:00"). */
export function toParisLocal(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(partsFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, "0");

/** A Paris wall-clock time ("2026-03-01T09:00") as an ISO instant with its offset, or null. */
export function fromParisLocal(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, hh, mi, ss] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, hh, mi, Number.isNaN(ss) ? 0 : ss);
  // The offset at the instant itself: guess with the wall time read as UTC, then correct once.
  let offset = parisOffset(new Date(wall));
  offset = parisOffset(new Date(wall - offset * 60_000));
  const sign = offset < 0 ? "-" : "+";
  const seconds = Number.isNaN(ss) ? 0 : ss;
  return `${String(y)}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(seconds)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

export interface Slot {
  phase: PhaseEnum;
  start: string;
  end: string | null;
}

export interface Row {
  phase: PhaseEnum;
  /** Paris wall-clock times as typed ("" when empty). */
  start: string;
  end: string;
}

export type Problem = {
  phase: PhaseEnum | null;
  field: "start" | "end" | "reason";
  reason: "required" | "invalid" | "order";
};

export interface PhaseRequest {
  phase: PhaseEnum;
  body: PhaseMoveInputRequest;
}

const same = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && new Date(a).getTime() === new Date(b).getTime());

/**
 * The phases whose dates changed (or that were added), as request bodies carrying the reason;
 * or the problems to show. A row left entirely empty is a phase left out of the schedule.
 */
export function scheduleRequests(
  before: readonly Slot[],
  rows: readonly Row[],
  reason: string,
): { ok: true; requests: PhaseRequest[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const requests: PhaseRequest[] = [];
  for (const row of rows) {
    const old = before.find((s) => s.phase === row.phase) ?? null;
    if (!row.start && !row.end) continue;
    if (!row.start) {
      problems.push({ phase: row.phase, field: "start", reason: "required" });
      continue;
    }
    // A time left as shown keeps its exact stored value (the form shows minutes, the API
    // keeps seconds): moving one end of a phase must not shift the other by a few seconds.
    const start = old && toParisLocal(old.start) === row.start ? old.start : fromParisLocal(row.start);
    const keptEnd = old?.end && toParisLocal(old.end) === row.end ? old.end : null;
    const end = row.end ? (keptEnd ?? fromParisLocal(row.end)) : null;
    if (!start) problems.push({ phase: row.phase, field: "start", reason: "invalid" });
    if (row.end && !end) problems.push({ phase: row.phase, field: "end", reason: "invalid" });
    if (!start || (row.end && !end)) continue;
    if (end && new Date(end).getTime() <= new Date(start).getTime()) {
      problems.push({ phase: row.phase, field: "end", reason: "order" });
      continue;
    }
    // Unchanged to the minute (the form shows minutes): nothing to send.
    if (old && toParisLocal(old.start) === row.start && toParisLocal(old.end) === row.end) continue;
    if (old && same(old.start, start) && same(old.end, end)) continue;
    requests.push({ phase: row.phase, body: { start, end, reason: reason.trim() } });
  }
  if (requests.length && !reason.trim()) problems.push({ phase: null, field: "reason", reason: "required" });
  return problems.length ? { ok: false, problems } : { ok: true, requests };
}

/** The phase that follows `phase` in the campaign's order (null after the last). */
export function nextPhase(order: readonly PhaseEnum[], phase: PhaseEnum): PhaseEnum | null {
  const i = order.indexOf(phase);
  return i >= 0 && i + 1 < order.length ? (order[i + 1] ?? null) : null;
}
