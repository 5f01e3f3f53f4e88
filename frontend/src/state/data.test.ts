import { describe, expect, it } from "vitest";
import campaigns from "../api/fixtures/campaigns.json";
import districts from "../api/fixtures/districts.json";
import geocode from "../api/fixtures/geocode.json";
import { campaignListSchema, districtCollectionSchema, geocodeAnswerSchema } from "../api/schemas";
import {
  arrondissements,
  currentFirst,
  defaultCampaign,
  failed,
  initialDataState,
  ready,
  readyOr,
  searchChosen,
  searchCleared,
  searchFinished,
  searchStarted,
  setRemote,
} from "./data";

const parsedCampaigns = campaignListSchema.parse(campaigns);
const result = geocodeAnswerSchema.parse(geocode).results;

describe("data updates", () => {
  it("pick the campaign open for proposals, else the first one", () => {
    expect(defaultCampaign(parsedCampaigns)).toBe("bp-2026");
    expect(defaultCampaign(parsedCampaigns.map((c) => ({ ...c, current_phase: "review" })))).toBe("bp-2026");
    expect(defaultCampaign([...parsedCampaigns].reverse())).toBe("bp-2026");
    expect(defaultCampaign([])).toBeNull();
  });

  it("put the campaign of the moment first, added when the page of the newest left it out", () => {
    const [a, b, c] = [{ slug: "a" }, { slug: "b" }, { slug: "c" }];
    expect(currentFirst([a, b], c)).toEqual([c, a, b]);
    expect(currentFirst([a, b, c], b)).toEqual([b, a, c]);
    expect(currentFirst([a, b], null)).toEqual([a, b]);
  });

  it("store remote values", () => {
    const state = setRemote(initialDataState(), "themes", ready([]));
    expect(state.themes).toEqual({ status: "ready", data: [] });
    expect(readyOr(state.themes, null)).toEqual([]);
    expect(readyOr(failed("boom"), "fallback")).toBe("fallback");
  });

  it("drop a geocoder answer that arrives after a newer query", () => {
    let state = searchStarted(initialDataState(), "rue a");
    state = searchStarted(state, "rue b");
    expect(searchFinished(state, "rue a", ready(result))).toBe(state);
    const done = searchFinished(state, "rue b", ready(result));
    expect(done.search.results).toEqual({ status: "ready", data: result });
  });

  it("keep the chosen address and close the result list", () => {
    const state = searchFinished(searchStarted(initialDataState(), "q"), "q", ready(result));
    const chosen = searchChosen(state, result[0] ?? null);
    expect(chosen.search.chosen?.label).toBe("12 Rue Mouffetard 75005 Paris");
    expect(chosen.search.results.status).toBe("idle");
  });

  it("forget the query and its results, not the chosen address, when the text is cleared", () => {
    const state = searchChosen(searchStarted(initialDataState(), "q"), result[0] ?? null);
    const cleared = searchCleared(searchStarted(state, "rue"));
    expect(cleared.search).toEqual({ query: "", results: { status: "idle" }, chosen: result[0] });
  });

  it("list arrondissements in number order", () => {
    const parsed = districtCollectionSchema.parse(districts);
    expect(arrondissements([...parsed].reverse()).map((d) => d.number)).toEqual([1, 5]);
  });
});
