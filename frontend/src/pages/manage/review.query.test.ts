import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import {
  EMPTY_FILTERS,
  activeFilterCount,
  bulkOutcome,
  eligibility,
  filtersFromUrl,
  filtersToApi,
  filtersToUrl,
  pageInfo,
  pageSelectionState,
  parseEuros,
  refusedId,
  selectRange,
  setMany,
  toggle,
  withFilter,
} from "./review.query";

describe("review filters in the URL", () => {
  it("round-trips every filter through the query string", () => {
    const filters = {
      ...EMPTY_FILTERS,
      campaign: "bp-2026",
      area: "75105",
      status: "in_review" as const,
      theme: "sport",
      assignee: "me" as const,
      prepared: false,
      hidden: true,
      search: "jardin",
      order: "-supports" as const,
      page: 3,
      pageSize: 100,
    };
    const query = filtersToUrl(filters);
    expect(query.toString()).toBe(
      "campaign=bp-2026&area=75105&status=in_review&theme=sport&assignee=me&prepared=false&hidden=true&q=jardin&order=-supports&page=3&size=100",
    );
    // The API's parameter: most supported first; the default order is not sent.
    expect(filtersToApi(filters).ordering).toBe("-supports");
    expect(filtersToApi(EMPTY_FILTERS).ordering).toBeNull();
    expect(filtersFromUrl(query)).toEqual(filters);
  });

  it("leaves defaults out of the link", () => {
    expect(filtersToUrl(EMPTY_FILTERS).toString()).toBe("");
  });

  it("drops unknown or malformed values instead of sending them", () => {
    const filters = filtersFromUrl(
      new URLSearchParams("status=bogus&area=<x>&page=-2&size=7&prepared=maybe&assignee=boss&order=votes"),
    );
    expect(filters).toEqual(EMPTY_FILTERS);
  });

  it("goes back to the first page when a filter changes, not when the page does", () => {
    const on3 = { ...EMPTY_FILTERS, page: 3 };
    expect(withFilter(on3, { status: "submitted" }).page).toBe(1);
    expect(withFilter(on3, { page: 4 }).page).toBe(4);
    expect(withFilter(on3, { page: 4 }).status).toBeNull();
  });

  it("counts the filters that narrow the list", () => {
    expect(activeFilterCount(EMPTY_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_FILTERS, campaign: "x", status: "accepted", prepared: false })).toBe(
      2,
    );
  });
});

describe("review filters for the API", () => {
  it("names the parameters as the API does, with paging", () => {
    const query = filtersToApi({
      ...EMPTY_FILTERS,
      campaign: "c",
      status: "submitted",
      search: "banc",
      page: 2,
    });
    expect(query).toMatchObject({
      campaign: "c",
      status: "submitted",
      search: "banc",
      page: 2,
      page_size: 50,
    });
  });

  it("turns the assignee choice into assigned_to_me / unassigned", () => {
    expect(filtersToApi({ ...EMPTY_FILTERS, assignee: "me" })).toMatchObject({ assigned_to_me: true });
    expect(filtersToApi({ ...EMPTY_FILTERS, assignee: "nobody" })).toMatchObject({ unassigned: true });
    const others = filtersToApi({ ...EMPTY_FILTERS, assignee: "others" });
    expect(others).toMatchObject({ assigned_to_me: false, unassigned: false });
    expect(filtersToApi(EMPTY_FILTERS)).not.toHaveProperty("assigned_to_me");
  });

  it("leaves the paging out for the CSV export", () => {
    const query = filtersToApi({ ...EMPTY_FILTERS, campaign: "c", page: 5 }, { paged: false });
    expect(query).not.toHaveProperty("page");
    expect(query).not.toHaveProperty("page_size");
  });
});

describe("pages", () => {
  it("says which rows are shown out of how many", () => {
    expect(pageInfo(500, 3, 50, 50)).toEqual({ page: 3, pages: 10, first: 101, last: 150, count: 500 });
    expect(pageInfo(120, 3, 50, 20)).toMatchObject({ pages: 3, first: 101, last: 120 });
    expect(pageInfo(0, 1, 50, 0)).toEqual({ page: 1, pages: 1, first: 0, last: 0, count: 0 });
  });
});

describe("selection", () => {
  const page = [4, 7, 9, 12, 15];

  it("toggles one row and keeps the rest", () => {
    const one = toggle(new Set([1]), 7);
    expect([...one].sort((a, b) => a - b)).toEqual([1, 7]);
    expect([...toggle(one, 7)]).toEqual([1]);
    expect([...toggle(one, 7, true)].length).toBe(2);
  });

  it("selects a whole page without touching other pages' rows", () => {
    const all = setMany(new Set([100]), page, true);
    expect(all.size).toBe(6);
    expect(pageSelectionState(all, page)).toBe("all");
    const none = setMany(all, page, false);
    expect([...none]).toEqual([100]);
    expect(pageSelectionState(none, page)).toBe("none");
    expect(pageSelectionState(new Set([9]), page)).toBe("some");
  });

  it("selects a range in the page's order, either way", () => {
    expect([...selectRange(new Set(), page, 12, 7, true)].sort((a, b) => a - b)).toEqual([7, 9, 12]);
    expect([...selectRange(new Set(page), page, 4, 9, false)].sort((a, b) => a - b)).toEqual([12, 15]);
    expect([...selectRange(new Set(), page, 99, 9, true)]).toEqual([9]);
  });

  it("tells which selected rows allow an action from their `can`", () => {
    const rows = [
      { id: 4, can: { start_review: true, accept: true } },
      { id: 7, can: { start_review: false, accept: true } },
    ];
    expect(eligibility(rows, new Set([7, 4, 300]), "start_review")).toEqual({
      allowed: [4],
      refused: [7],
      unknown: [300],
    });
  });
});

describe("bulk outcomes", () => {
  it("marks every proposal done when the call succeeds", () => {
    const outcome = bulkOutcome([3, 5], { ids: [3, 5] });
    expect(outcome).toMatchObject({ ok: true, done: 2, refused: 0, cancelled: 0 });
    expect(outcome.items.map((i) => i.outcome)).toEqual(["done", "done"]);
  });

  it("names the refused proposal and leaves the others untouched (all or nothing)", () => {
    const error = new ApiError(409, "invalid_transition", "Proposal #5: This proposal is already accepted.", {
      ids: ["Proposal #5: This proposal is already accepted."],
    });
    expect(refusedId(error)).toBe(5);
    const outcome = bulkOutcome([3, 5, 8], error);
    expect(outcome).toMatchObject({ ok: false, done: 0, refused: 1, cancelled: 2 });
    expect(outcome.items[1]).toEqual({
      id: 5,
      outcome: "refused",
      message: "This proposal is already accepted.",
    });
    expect(outcome.items[0]?.outcome).toBe("cancelled");
  });

  it("cancels every proposal when the refusal names none (a bad value)", () => {
    const error = new ApiError(400, "invalid", "Invalid input.", { cost: ["A cost is required to accept."] });
    expect(refusedId(error)).toBeNull();
    expect(bulkOutcome([1, 2], error)).toMatchObject({ ok: false, refused: 0, cancelled: 2 });
  });
});

describe("costs typed by hand", () => {
  it.each([
    ["12500", 12500],
    ["12 500", 12500],
    ["12\u202f500 €", 12500],
    ["12.500", 12500],
    ["1,250,000", 1250000],
    ["12500,00", 12500],
    ["300 euros", 300],
  ])("reads %s", (text, value) => {
    expect(parseEuros(text)).toBe(value);
  });

  it.each(["", "0", "-5", "12,5", "abc", "1e6", "10000000000000"])("refuses %s", (text) => {
    expect(parseEuros(text)).toBeNull();
  });
});
