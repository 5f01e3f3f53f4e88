import { describe, expect, it } from "vitest";
import {
  apiQuery,
  filtersFromQuery,
  filtersToQuery,
  inLang,
  sortAreaCodes,
  spentShare,
  statusKey,
  timeline,
} from "./model";
import { deliveryMessages } from "./messages";

const AREAS = ["paris", "paris-centre", "paris-05", "paris-19"];

describe("filters in the URL", () => {
  it("reads French words and ignores unknown values", () => {
    expect(filtersFromQuery(new URLSearchParams("statut=livre&zone=paris-05"), AREAS)).toEqual({
      status: "delivered",
      area: "paris-05",
    });
    expect(filtersFromQuery(new URLSearchParams("statut=fini&zone=lyon"), AREAS)).toEqual({
      status: null,
      area: null,
    });
  });
  it("writes back what it reads", () => {
    const filters = { status: "abandoned" as const, area: "paris-19" };
    expect(filtersFromQuery(filtersToQuery(filters), AREAS)).toEqual(filters);
    expect(filtersToQuery({ status: null, area: null }).toString()).toBe("");
  });
  it("asks the API with its own values", () => {
    expect(apiQuery({ status: "in_progress", area: "paris-05" })).toEqual({
      status: "in_progress",
      area: "paris-05",
    });
    expect(apiQuery({ status: null, area: null })).toEqual({});
  });
});

describe("spentShare", () => {
  it("is a whole percentage of the voted cost, above 100 when overrun", () => {
    expect(spentShare(45_000, 120_000)).toBe(38);
    expect(spentShare(130_000, 100_000)).toBe(130);
    expect(spentShare(0, 0)).toBe(0);
  });
});

describe("timeline", () => {
  it("puts the newest first, the last added first on the same day", () => {
    const items = [
      { id: 1, date: "2026-01-10" },
      { id: 3, date: "2026-06-01" },
      { id: 2, date: "2026-06-01" },
      { id: 4, date: "2025-12-31" },
    ];
    expect(timeline(items).map((m) => m.id)).toEqual([3, 2, 1, 4]);
    expect(items[0]?.id).toBe(1); // not sorted in place
  });
});

describe("texts in the page's language", () => {
  it("uses English when there is some, else French marked as such", () => {
    expect(inLang("en", "Travaux", "Works")).toEqual({ text: "Works", lang: "en" });
    expect(inLang("en", "Travaux", "  ")).toEqual({ text: "Travaux", lang: "fr" });
    expect(inLang("fr", "Travaux", "Works")).toEqual({ text: "Travaux", lang: "fr" });
  });
  it("has a label for every status in both languages", () => {
    for (const status of ["study", "in_progress", "delivered", "abandoned"]) {
      expect(deliveryMessages.fr[statusKey(status)]).toBeTruthy();
      expect(deliveryMessages.en[statusKey(status)]).toBeTruthy();
    }
    expect(deliveryMessages.fr[statusKey("abandoned")]).toBe("Abandonné");
  });
});

describe("sortAreaCodes", () => {
  it("puts Paris-wide first, then Paris Centre, then the arrondissements in order", () => {
    const sorted = sortAreaCodes([
      { code: "paris-19" },
      { code: "paris-centre" },
      { code: "paris-05" },
      { code: "paris" },
    ]);
    expect(sorted.map((a) => a.code)).toEqual(["paris", "paris-centre", "paris-05", "paris-19"]);
  });
});
