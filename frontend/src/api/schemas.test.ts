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

  it("accepts a plain Polygon geometry as a single polygon", () => {
    const feature = structuredClone(districts.features[0]) as unknown as {
      geometry: { type: string; coordinates: unknown };
    };
    feature.geometry = {
      type: "Polygon",
      coordinates: [
        [
          [2.3, 48.8],
          [2.4, 48.8],
          [2.4, 48.9],
          [2.3, 48.8],
        ],
      ],
    };
    const parsed = districtCollectionSchema.parse({ type: "FeatureCollection", features: [feature] });
    expect(parsed[0]?.polygons).toHaveLength(1);
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
    expect(parsed.map((c) => c.slug)).toEqual(["bp-2026", "bp-2025"]);
    expect(parsed[0]?.areas[1]).toEqual({
      code: "paris-05",
      name: "5e arrondissement",
      kind: "arrondissements",
    });
  });

  it("also reads a bare list", () => {
    expect(campaignListSchema.parse(campaigns.results)).toHaveLength(2);
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
    expect(parsed.features[1]?.can).toEqual({ edit: true, withdraw: true });
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
