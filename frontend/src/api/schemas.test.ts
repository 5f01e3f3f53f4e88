import { describe, expect, it } from "vitest";
import campaigns from "./fixtures/campaigns.json";
import districts from "./fixtures/districts.json";
import errorBody from "./fixtures/error-400.json";
import geocode from "./fixtures/geocode.json";
import page1 from "./fixtures/proposals-page1.json";
import page2 from "./fixtures/proposals-page2.json";
import themes from "./fixtures/themes.json";
import {
  apiErrorBodySchema,
  campaignListSchema,
  districtCollectionSchema,
  geocodeAnswerSchema,
  proposalPageSchema,
  themeListSchema,
} from "./schemas";

describe("districts", () => {
  it("parses a GeoJSON collection into districts with polygons", () => {
    const parsed = districtCollectionSchema.parse(districts);
    expect(parsed).toHaveLength(2);
    const fifth = parsed[1];
    expect(fifth).toMatchObject({
      code: "75105",
      name: "5e arrondissement",
      officialName: "Panthéon",
      level: "arrondissement",
      number: 5,
      parent: null,
    });
    expect(fifth?.polygons[0]?.[0]?.[0]).toEqual([2.337, 48.837]);
  });

  it("refuses a plain Polygon: the API sends MultiPolygons", () => {
    const bad = structuredClone(districts) as unknown as {
      features: { geometry: { type: string; coordinates: unknown } }[];
    };
    const first = bad.features[0];
    if (first) first.geometry = { type: "Polygon", coordinates: [] };
    expect(districtCollectionSchema.safeParse(bad).success).toBe(false);
  });

  it("refuses an unknown level", () => {
    const bad = structuredClone(districts);
    (bad.features[0] as { properties: { level: string } }).properties.level = "region";
    expect(districtCollectionSchema.safeParse(bad).success).toBe(false);
  });
});

describe("campaigns and themes", () => {
  it("reads the paginated campaign list", () => {
    const parsed = campaignListSchema.parse(campaigns);
    expect(parsed.map((c) => c.slug)).toEqual(["bp-2026", "bp-2025", "warszawa-2024"]);
    expect(parsed[0]?.areas[1]).toEqual({
      code: "paris-05",
      name: "5e arrondissement",
      kind: "arrondissements",
    });
    expect(parsed[0]?.can.propose).toBe(true);
  });

  it("keeps a campaign without a submission phase (an imported election) with the others", () => {
    const parsed = campaignListSchema.parse(campaigns);
    const imported = parsed.find((c) => c.slug === "warszawa-2024");
    expect(imported).toMatchObject({
      current_phase: "results",
      voting_stage: "published",
      submission_start: null,
      submission_end: null,
    });
    expect(parsed.filter((c) => c.submission_start !== null)).toHaveLength(2);
  });

  it("refuses a campaign whose phase is not one the API knows", () => {
    const bad = structuredClone(campaigns);
    (bad.results[0] as { current_phase: string }).current_phase = "holidays";
    expect(campaignListSchema.safeParse(bad).success).toBe(false);
  });

  it("reads themes, with an empty English name kept empty", () => {
    const parsed = themeListSchema.parse(themes);
    expect(parsed[0]).toEqual({ slug: "cadre-de-vie", name: "Cadre de vie", name_en: "Living environment" });
    expect(parsed[2]?.name_en).toBe("");
  });
});

describe("proposals", () => {
  it("turns features into proposals with Leaflet [lat, lng] positions", () => {
    const parsed = proposalPageSchema.parse(page1);
    expect(parsed.count).toBe(3);
    expect(parsed.next).toContain("page=2");
    const first = parsed.features[0];
    expect(first).toMatchObject({
      id: 12,
      title: "Un jardin partagé rue Mouffetard",
      theme: { slug: "environnement", name: "Environnement" },
      status: "submitted",
      locationStatus: "placed",
      district: { code: "75105", name: "5e arrondissement" },
      latLng: [48.8462, 2.347],
    });
    expect(parsed.features[1]?.can).toMatchObject({ edit: true, withdraw: true, merge: false });
    expect(parsed.features[0]?.can).toMatchObject({ edit: false, report: true });
  });

  it("keeps proposals that are not placed yet, without a position", () => {
    const parsed = proposalPageSchema.parse(page2);
    expect(parsed.features[0]?.latLng).toBeNull();
    expect(parsed.features[0]?.district).toBeNull();
  });

  it("refuses a feature without a title", () => {
    const bad = structuredClone(page1);
    delete (bad.features[0]?.properties as { title?: string }).title;
    expect(proposalPageSchema.safeParse(bad).success).toBe(false);
  });
});

describe("geocode and errors", () => {
  it("reads geocoder results", () => {
    const parsed = geocodeAnswerSchema.parse(geocode);
    expect(parsed.results[0]).toMatchObject({
      label: "12 Rue Mouffetard 75005 Paris",
      latLng: [48.8441, 2.3497],
      arrondissement: { code: "75105" },
    });
  });

  it("reads the error contract", () => {
    expect(apiErrorBodySchema.parse(errorBody)).toEqual(errorBody);
  });
});

describe("the map's projects", () => {
  it("become map items of kind project, named by their arrondissement, with their cost", async () => {
    const { projectMapCollectionSchema } = await import("./schemas");
    const { areaOfArrondissement } = await import("./client");
    const parsed = projectMapCollectionSchema.parse({
      type: "FeatureCollection",
      count: 2,
      features: [
        {
          type: "Feature",
          id: 4,
          geometry: { type: "Point", coordinates: [2.3556, 48.8313] },
          properties: { title: "Un terrain de basket", theme: "sport", cost: 250000, area: "paris-13" },
        },
        {
          type: "Feature",
          id: 5,
          geometry: { type: "Point", coordinates: [2.35, 48.86] },
          properties: { title: "Des bancs", theme: null, cost: 30000, area: "paris-centre" },
        },
      ],
    });
    expect(parsed.items[0]).toMatchObject({
      kind: "project",
      district: "75113",
      cost: 250000,
      latLng: [48.8313, 2.3556],
    });
    expect(parsed.items[1]).toMatchObject({ district: null, theme: "" });
    expect(areaOfArrondissement("75103")).toBe("paris-centre");
    expect(areaOfArrondissement("75113")).toBe("paris-13");
  });
});
