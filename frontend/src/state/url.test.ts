import { describe, expect, it } from "vitest";
import {
  initialUiState,
  PARIS_VIEW,
  selectProposal,
  setCampaign,
  setColorBy,
  setDistrict,
  setSearch,
  setShown,
  setStatus,
  setTheme,
  setView,
  type UiState,
} from "./ui";
import { fromQuery, hasView, historyMode, toQuery } from "./url";

const base = initialUiState("fr");

describe("URL state", () => {
  it("round-trips every part of the view", () => {
    const state: UiState = selectProposal(
      setView(setDistrict(setTheme(setCampaign(base, "bp-2026"), "cadre-de-vie"), "75105"), {
        lat: 48.84623,
        lng: 2.34701,
        zoom: 15,
      }),
      12,
    );
    const query = toQuery(state);
    expect(query).toBe(
      "?campaign=bp-2026&theme=cadre-de-vie&district=75105&proposal=12&lat=48.84623&lng=2.34701&z=15",
    );
    expect(fromQuery(query, base)).toEqual(state);
    const searched = setColorBy(setSearch(setStatus(state, "accepted"), "  jardin   partagé "), "status");
    expect(toQuery(searched)).toContain("&status=accepted&q=jardin+partag%C3%A9&colors=status&");
    expect(fromQuery(toQuery(searched), base)).toEqual(searched);
    const projects = setShown(searched, "projects");
    expect(toQuery(projects)).toContain("&show=projects&");
    expect(fromQuery(toQuery(projects), base)).toEqual(projects);
    expect(fromQuery("?show=nope", base).shown).toBe("proposals");
  });

  it("round-trips the default view", () => {
    expect(fromQuery(toQuery(base), base)).toEqual(base);
  });

  it("keeps the language, which is not in the URL", () => {
    const en = initialUiState("en");
    expect(fromQuery("?theme=sport", en).lang).toBe("en");
    expect(toQuery(en)).not.toContain("lang");
  });

  it("ignores bad values instead of failing", () => {
    const state = fromQuery(
      "?campaign=<script>&theme=Sport%20!&district=7510&status=Nope!&q=%20x%20&colors=red&proposal=-3&lat=abc&lng=900&z=40",
      base,
    );
    expect(state.campaign).toBeNull();
    expect(state.filters).toEqual({
      theme: null,
      district: null,
      status: null,
      search: null,
      minSupports: null,
    });
    expect(state.colorBy).toBe("theme");
    expect(state.selected).toBeNull();
    expect(state.view).toEqual(PARIS_VIEW);
  });

  it("reads an empty query as the defaults", () => {
    expect(fromQuery("", base)).toEqual(base);
    expect(fromQuery("?lat=&lng=&z=", base).view).toEqual(PARIS_VIEW);
  });

  it("pushes a history entry for new filters, replaces it for moves", () => {
    const filtered = setTheme(base, "sport");
    expect(historyMode(base, filtered)).toBe("push");
    expect(historyMode(base, setCampaign(base, "bp-2026"))).toBe("push");
    expect(historyMode(base, setView(base, { lat: 48.8, lng: 2.3, zoom: 14 }))).toBe("replace");
    expect(historyMode(base, selectProposal(base, 4))).toBe("replace");
    expect(historyMode(base, { ...base, lang: "en" })).toBeNull();
  });
});

describe("hasView", () => {
  it("is true only when the centre and the zoom are all given", () => {
    expect(hasView("?lat=48.8&lng=2.3&z=13")).toBe(true);
    expect(hasView("?lat=48.8&lng=2.3")).toBe(false);
    expect(hasView("?theme=sport")).toBe(false);
    expect(hasView("")).toBe(false);
  });
});

describe("supports in the address", () => {
  it("round-trips the supports filter and the list's order", () => {
    const base = initialUiState("fr");
    const state = { ...base, filters: { ...base.filters, minSupports: 5 }, sort: "supports" as const };
    const query = toQuery(state);
    expect(query).toContain("soutiens=5");
    expect(query).toContain("tri=supports");
    const back = fromQuery(query, base);
    expect(back.filters.minSupports).toBe(5);
    expect(back.sort).toBe("supports");
  });

  it("ignores bad values", () => {
    const base = initialUiState("fr");
    const back = fromQuery("?soutiens=-3&tri=random", base);
    expect(back.filters.minSupports).toBeNull();
    expect(back.sort).toBe("deposit");
    expect(fromQuery("?soutiens=abc", base).filters.minSupports).toBeNull();
  });
});
