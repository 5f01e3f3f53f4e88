// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import districts from "../api/fixtures/districts.json";
import fixture from "../api/fixtures/map-proposals.json";
import { districtCollectionSchema, mapCollectionSchema } from "../api/schemas";
import { createTranslator } from "../i18n";
import { PARIS_VIEW } from "../state/ui";
import { themeColors } from "./colors";
import { DistrictLayer } from "./districtLayer";
import { createMapView } from "./mapView";
import { ProposalLayer } from "./proposalLayer";

const parsedDistricts = districtCollectionSchema.parse(districts);
const proposals = mapCollectionSchema.parse(fixture).items;

function zIndexOfPane(element: Element | null): number {
  const pane = element?.closest<HTMLElement>(".leaflet-pane:not(.leaflet-map-pane)");
  return Number(pane?.style.zIndex || 400); // Leaflet's own panes take their z-index from CSS
}

describe("DistrictLayer", () => {
  it("draws outlines and labels below the proposals, even when they arrive last", () => {
    const container = document.createElement("div");
    document.body.append(container);
    const handle = createMapView(container, PARIS_VIEW, vi.fn());
    const fr = createTranslator("fr");
    const proposalLayer = new ProposalLayer(handle.map, () => document.createElement("p"), vi.fn());
    proposalLayer.draw({
      items: proposals,
      colorOf: (item) => themeColors([])(item.theme),
      selected: null,
      version: "fr",
      zoom: 12,
    });
    const layer = new DistrictLayer(handle.map);
    layer.draw(parsedDistricts, null, fr);

    const shapes = container.querySelectorAll("path.district");
    expect(shapes).toHaveLength(2);
    expect([...container.querySelectorAll(".district-label")].map((l) => l.textContent)).toEqual([
      "1er",
      "5e",
    ]);
    const marker = container.querySelector("path.proposal-marker");
    expect(zIndexOfPane(shapes[0] ?? null)).toBeLessThan(zIndexOfPane(marker));
    expect(zIndexOfPane(container.querySelector(".district-label"))).toBeLessThan(zIndexOfPane(marker));
    handle.map.remove();
  });

  it("relabels in English and emphasises the chosen arrondissement", () => {
    const container = document.createElement("div");
    document.body.append(container);
    const handle = createMapView(container, PARIS_VIEW, vi.fn());
    const layer = new DistrictLayer(handle.map);
    layer.draw(parsedDistricts, "75105", createTranslator("en"));
    expect([...container.querySelectorAll(".district-label")].map((l) => l.textContent)).toEqual([
      "1st",
      "5th",
    ]);
    const fifth = container.querySelector("path.district-75105");
    const first = container.querySelector("path.district-75101");
    expect(Number(fifth?.getAttribute("stroke-width"))).toBeGreaterThan(
      Number(first?.getAttribute("stroke-width")),
    );
    expect(layer.boundsOf("75105")?.contains([48.845, 2.35])).toBe(true);
    expect(layer.boundsOf("75199")).toBeNull();
    handle.map.remove();
  });
});

describe("createMapView", () => {
  it("puts the page's words on Leaflet's zoom buttons", () => {
    const container = document.createElement("div");
    document.body.append(container);
    const handle = createMapView(container, PARIS_VIEW, vi.fn());
    handle.setLabels({ zoomIn: "Zoom avant", zoomOut: "Zoom arrière", close: "Fermer" });
    const zoomIn = container.querySelector(".leaflet-control-zoom-in");
    expect(zoomIn?.getAttribute("aria-label")).toBe("Zoom avant");
    expect(zoomIn?.getAttribute("title")).toBe("Zoom avant");
    expect(container.querySelector(".leaflet-control-zoom-out")?.getAttribute("aria-label")).toBe(
      "Zoom arrière",
    );
    expect(container.querySelector(".leaflet-control-attribution")?.textContent).toContain(
      "Base Adresse Nationale",
    );
    handle.map.remove();
  });
});
