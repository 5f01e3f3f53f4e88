// @vitest-environment happy-dom
import L from "leaflet";
import { describe, expect, it } from "vitest";
import districts from "../api/fixtures/districts.json";
import { districtCollectionSchema } from "../api/schemas";
import { QUARTIER_MIN_ZOOM, QuartierLayer } from "./quartierLayer";

describe("QuartierLayer", () => {
  it("draws the quartiers' outlines only when zoomed in", () => {
    const container = document.createElement("div");
    Object.defineProperty(container, "clientWidth", { value: 800 });
    Object.defineProperty(container, "clientHeight", { value: 600 });
    document.body.append(container);
    const map = L.map(container, { center: [48.85, 2.35], zoom: 12, zoomAnimation: false });
    map.createPane("districts");
    const layer = new QuartierLayer(map);
    layer.draw(districtCollectionSchema.parse(districts));
    expect(layer.shown()).toBe(false);
    expect(container.querySelectorAll("path.quartier")).toHaveLength(0);
    map.setZoom(QUARTIER_MIN_ZOOM);
    expect(layer.shown()).toBe(true);
    expect(container.querySelectorAll("path.quartier")).toHaveLength(2);
    map.setZoom(QUARTIER_MIN_ZOOM - 1);
    expect(layer.shown()).toBe(false);
    map.remove();
  });
});
