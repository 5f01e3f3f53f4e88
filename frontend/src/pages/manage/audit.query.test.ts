import { describe, expect, it } from "vitest";
import {
  EMPTY_AUDIT,
  auditFromUrl,
  auditToApi,
  auditToUrl,
  changes,
  dayStart,
  isKnownAction,
  objectPath,
  shortValue,
} from "./audit.query";

describe("audit filters", () => {
  it("round-trips through the URL", () => {
    const filters = {
      action: "proposal.hide",
      objectType: "proposal",
      objectId: "12",
      area: "75105",
      since: "2026-03-01",
      until: "2026-03-31",
      page: 4,
    };
    const query = auditToUrl(filters);
    expect(query.toString()).toBe(
      "action=proposal.hide&object_type=proposal&object_id=12&area=75105&since=2026-03-01&until=2026-03-31&page=4",
    );
    expect(auditFromUrl(query)).toEqual(filters);
    expect(auditToUrl(EMPTY_AUDIT).toString()).toBe("");
  });

  it("drops malformed values", () => {
    expect(
      auditFromUrl(new URLSearchParams("action=DROP TABLE&since=2026-13-45&until=yesterday&page=x")),
    ).toEqual(EMPTY_AUDIT);
  });

  it("sends whole days: from the first day's start to the day after the last", () => {
    const query = auditToApi({ ...EMPTY_AUDIT, since: "2026-03-01", until: "2026-03-01" });
    const since = Date.parse(String(query.since));
    const until = Date.parse(String(query.until));
    expect(until - since).toBe(24 * 3600 * 1000);
    expect(query.since).toBe(dayStart("2026-03-01"));
    expect(query).toMatchObject({ page: 1, page_size: 50, action: null, object_id: null });
  });
});

describe("audit records", () => {
  it("lists only the fields that changed", () => {
    expect(
      changes(
        { status: "submitted", estimated_cost: null, public_answer: "" },
        { status: "accepted", estimated_cost: 12000, public_answer: "", reports_handled: 2 },
      ),
    ).toEqual([
      { field: "status", before: "submitted", after: "accepted" },
      { field: "estimated_cost", before: null, after: 12000 },
      { field: "reports_handled", before: null, after: 2 },
    ]);
    expect(changes(null, "x")).toEqual([]);
  });

  it("shows values in a few words", () => {
    expect(shortValue(null)).toBe("—");
    expect(shortValue("")).toBe("—");
    expect(shortValue(12)).toBe("12");
    expect(shortValue({ a: 1 })).toBe('{"a":1}');
    expect(shortValue("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("links proposals to their review form and projects to theirs", () => {
    expect(objectPath("proposal", "12")).toBe("/gestion/etude/12");
    expect(objectPath("project", "3")).toBe("/gestion/projets/3");
    expect(objectPath("campaign", "3")).toBeNull();
    expect(objectPath("proposal", "../x")).toBeNull();
  });

  it("knows the actions the services write", () => {
    expect(isKnownAction("proposal.accept")).toBe(true);
    expect(isKnownAction("proposal.teleport")).toBe(false);
  });
});

describe("audit catalogue", () => {
  it("names every known action in both languages", async () => {
    const { auditMessages } = await import("./audit.messages");
    const { KNOWN_ACTIONS } = await import("./audit.query");
    for (const action of KNOWN_ACTIONS) {
      expect(auditMessages.fr).toHaveProperty([`action.${action}`]);
      expect(auditMessages.en).toHaveProperty([`action.${action}`]);
    }
  });
});
