import { describe, expect, it } from "vitest";
import {
  fromParisLocal,
  nextPhase,
  parisOffset,
  scheduleRequests,
  toParisLocal,
  type Slot,
} from "./campaigns.schedule";

describe("Paris times", () => {
  it("knows winter and summer offsets", () => {
    expect(parisOffset(new Date("2026-01-15T12:00:00Z"))).toBe(60);
    expect(parisOffset(new Date("2026-07-15T12:00:00Z"))).toBe(120);
  });
  it("writes a wall-clock time with the offset of that day", () => {
    expect(fromParisLocal("2026-01-15T09:00")).toBe("2026-01-15T09:00:00+01:00");
    expect(fromParisLocal("2026-07-15T09:30")).toBe("2026-07-15T09:30:00+02:00");
    expect(fromParisLocal("15/01/2026 09:00")).toBeNull();
  });
  it("gets around the spring change", () => {
    // 29 March 2026: 02:00 → 03:00. 01:30 is still winter time, 03:30 summer time.
    expect(fromParisLocal("2026-03-29T01:30")).toBe("2026-03-29T01:30:00+01:00");
    expect(fromParisLocal("2026-03-29T03:30")).toBe("2026-03-29T03:30:00+02:00");
  });
  it("reads an instant back as Paris wall-clock time", () => {
    expect(toParisLocal("2026-01-15T08:00:00Z")).toBe("2026-01-15T09:00");
    expect(toParisLocal("2026-07-15T07:30:00+00:00")).toBe("2026-07-15T09:30");
    expect(toParisLocal(null)).toBe("");
  });
});

const before: Slot[] = [
  { phase: "submission", start: "2026-01-15T08:00:00Z", end: "2026-02-15T08:00:00Z" },
  { phase: "review", start: "2026-02-15T08:00:00Z", end: null },
];

describe("scheduleRequests", () => {
  it("sends only the phases that changed or were added, with the reason", () => {
    const result = scheduleRequests(
      before,
      [
        { phase: "submission", start: "2026-01-15T09:00", end: "2026-02-15T09:00" },
        { phase: "review", start: "2026-02-15T09:00", end: "2026-03-01T18:00" },
        { phase: "voting", start: "2026-09-01T09:00", end: "" },
        { phase: "results", start: "", end: "" },
      ],
      " calendrier voté en conseil ",
    );
    expect(result).toEqual({
      ok: true,
      requests: [
        {
          phase: "review",
          body: {
            start: "2026-02-15T08:00:00Z",
            end: "2026-03-01T18:00:00+01:00",
            reason: "calendrier voté en conseil",
          },
        },
        {
          phase: "voting",
          body: { start: "2026-09-01T09:00:00+02:00", end: null, reason: "calendrier voté en conseil" },
        },
      ],
    });
  });
  it("asks for a reason, a start, and an end after the start", () => {
    const result = scheduleRequests(
      before,
      [
        { phase: "submission", start: "", end: "2026-02-15T09:00" },
        { phase: "review", start: "2026-03-01T09:00", end: "2026-02-01T09:00" },
        { phase: "voting", start: "2026-09-01T09:00", end: "" },
      ],
      "",
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { phase: "submission", field: "start", reason: "required" },
        { phase: "review", field: "end", reason: "order" },
        { phase: null, field: "reason", reason: "required" },
      ],
    });
  });
  it("keeps the stored seconds of a boundary left as shown", () => {
    const exact: Slot[] = [{ phase: "review", start: "2027-02-03T00:21:37.5Z", end: null }];
    expect(
      scheduleRequests(
        exact,
        [{ phase: "review", start: "2027-02-03T01:21", end: "2027-05-01T09:00" }],
        "motif",
      ),
    ).toEqual({
      ok: true,
      requests: [
        {
          phase: "review",
          body: { start: "2027-02-03T00:21:37.5Z", end: "2027-05-01T09:00:00+02:00", reason: "motif" },
        },
      ],
    });
  });
  it("has nothing to send when nothing changed", () => {
    expect(
      scheduleRequests(
        before,
        [{ phase: "submission", start: "2026-01-15T09:00", end: "2026-02-15T09:00" }],
        "",
      ),
    ).toEqual({ ok: true, requests: [] });
  });
  it("names the next phase", () => {
    const order = ["draft", "submission", "review"] as const;
    expect(nextPhase(order, "submission")).toBe("review");
    expect(nextPhase(order, "review")).toBeNull();
  });
});
