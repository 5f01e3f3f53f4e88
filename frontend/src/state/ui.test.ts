import { describe, expect, it } from "vitest";
import {
  clearFilters,
  initialUiState,
  normaliseView,
  PARIS_VIEW,
  proposalQueryKey,
  sameView,
  selectProposal,
  setCampaign,
  setDistrict,
  setLang,
  setMinSupports,
  setSort,
  setTheme,
  setView,
} from "./ui";

const base = initialUiState("fr");

describe("ui updates", () => {
  it("start on all of Paris in the chosen language", () => {
    expect(base).toEqual({
      lang: "fr",
      campaign: null,
      filters: { theme: null, district: null, status: null, search: null, minSupports: null },
      view: PARIS_VIEW,
      selected: null,
      colorBy: "theme",
      shown: "proposals",
      sort: "deposit",
    });
  });

  it("return the same object when nothing changes", () => {
    expect(setLang(base, "fr")).toBe(base);
    expect(setTheme(base, null)).toBe(base);
    expect(setTheme(base, "")).toBe(base);
    expect(setDistrict(base, null)).toBe(base);
    expect(clearFilters(base)).toBe(base);
    expect(selectProposal(base, null)).toBe(base);
    expect(setCampaign(base, null)).toBe(base);
    expect(setView(base, { ...PARIS_VIEW, lat: PARIS_VIEW.lat + 1e-7 })).toBe(base);
  });

  it("clear the selection when the filters or the campaign change", () => {
    const selected = selectProposal(base, 12);
    expect(setTheme(selected, "sport")).toMatchObject({ filters: { theme: "sport" }, selected: null });
    expect(setDistrict(selected, "75105")).toMatchObject({ filters: { district: "75105" }, selected: null });
    expect(setCampaign(selected, "bp-2026")).toMatchObject({ campaign: "bp-2026", selected: null });
    expect(setLang(selected, "en")).toMatchObject({ lang: "en", selected: 12 });
  });

  it("clear both filters at once", () => {
    const filtered = setDistrict(setTheme(base, "sport"), "75105");
    expect(clearFilters(filtered).filters).toEqual({
      theme: null,
      district: null,
      status: null,
      search: null,
      minSupports: null,
    });
  });

  it("do not mutate the previous state", () => {
    const frozen = Object.freeze({ ...base, filters: Object.freeze({ ...base.filters }) });
    expect(() => setTheme(frozen, "sport")).not.toThrow();
    expect(frozen.filters.theme).toBeNull();
  });

  it("round and clamp the map view", () => {
    expect(normaliseView({ lat: 48.8566123, lng: 2.3522987, zoom: 25.4 })).toEqual({
      lat: 48.85661,
      lng: 2.3523,
      zoom: 19,
    });
    expect(normaliseView({ lat: 48.85, lng: 2.35, zoom: 3 }).zoom).toBe(11);
    expect(sameView({ lat: 48.85, lng: 2.35, zoom: 12 }, { lat: 48.850001, lng: 2.35, zoom: 12 })).toBe(true);
    expect(setView(base, { lat: 48.8, lng: 2.3, zoom: 15 }).view).toEqual({ lat: 48.8, lng: 2.3, zoom: 15 });
  });

  it("key the proposal query on campaign and filters only", () => {
    const a = setCampaign(base, "bp-2026");
    expect(proposalQueryKey(setView(a, { lat: 48.8, lng: 2.3, zoom: 15 }))).toBe(proposalQueryKey(a));
    expect(proposalQueryKey(selectProposal(a, 3))).toBe(proposalQueryKey(a));
    expect(proposalQueryKey(setTheme(a, "sport"))).not.toBe(proposalQueryKey(a));
  });
});

describe("supports", () => {
  it("filters on at least one support, never on nothing", () => {
    expect(setMinSupports(base, 5).filters.minSupports).toBe(5);
    expect(setMinSupports(base, 0)).toBe(base);
    expect(setMinSupports(base, -2)).toBe(base);
    expect(setMinSupports(setMinSupports(base, 5), null).filters.minSupports).toBeNull();
    expect(clearFilters(setMinSupports(base, 5)).filters.minSupports).toBeNull();
  });

  it("orders the list without asking the server again", () => {
    const sorted = setSort(base, "supports");
    expect(sorted.sort).toBe("supports");
    expect(setSort(sorted, "supports")).toBe(sorted);
    expect(proposalQueryKey(sorted)).toBe(proposalQueryKey(base));
    expect(proposalQueryKey(setMinSupports(base, 5))).not.toBe(proposalQueryKey(base));
  });
});
