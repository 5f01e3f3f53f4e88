// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { baseMapConfig, IGN_PLAN_ATTRIBUTION, IGN_PLAN_URL } from "./mapView";

describe("the base map a build asks for", () => {
  it("is the IGN Géoplateforme's Plan IGN v2 in production unless told otherwise", () => {
    const config = baseMapConfig(undefined, undefined, true);
    expect(config?.url).toBe(IGN_PLAN_URL);
    expect(config?.url.startsWith("https://data.geopf.fr/wmts?")).toBe(true);
    expect(config?.url).toContain("TILEMATRIX={z}&TILEROW={y}&TILECOL={x}");
    expect(config?.attribution).toBe(IGN_PLAN_ATTRIBUTION);
    expect(config?.maxNativeZoom).toBe(19);
    expect(baseMapConfig("", undefined, true)?.url).toBe(IGN_PLAN_URL);
  });

  it("is none in development and tests, or when the build says none", () => {
    expect(baseMapConfig(undefined, undefined, false)).toBeNull();
    expect(baseMapConfig("none", undefined, true)).toBeNull();
    expect(baseMapConfig(" NONE ", undefined, false)).toBeNull();
  });

  it("is the server configured, with its own credit or OpenStreetMap's", () => {
    const osm = baseMapConfig("https://tile.openstreetmap.org/{z}/{x}/{y}.png", undefined, false);
    expect(osm?.url).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    expect(osm?.attribution).toContain("OpenStreetMap");
    expect(osm?.maxNativeZoom).toBeUndefined();
    expect(baseMapConfig("https://t.example/{z}/{x}/{y}.png", "© Example", true)?.attribution).toBe(
      "© Example",
    );
  });
});
