// @vitest-environment happy-dom
import L from "leaflet";
import { describe, expect, it, vi } from "vitest";
import page1 from "../api/fixtures/proposals-page1.json";
import page2 from "../api/fixtures/proposals-page2.json";
import { proposalPageSchema } from "../api/schemas";
import { themeColors } from "./colors";
import { markerRadius, ProposalLayer } from "./proposalLayer";

const items = [...proposalPageSchema.parse(page1).features, ...proposalPageSchema.parse(page2).features];
const colorOf = themeColors(["cadre-de-vie", "environnement", "sport"]);

function setup() {
  const container = document.createElement("div");
  Object.defineProperty(container, "clientWidth", { value: 800 });
  Object.defineProperty(container, "clientHeight", { value: 600 });
  document.body.append(container);
  const map = L.map(container, {
    center: [48.85, 2.35],
    zoom: 12,
    zoomAnimation: false,
    fadeAnimation: false,
  });
  const onSelect = vi.fn<(id: number | null) => void>();
  const layer = new ProposalLayer(
    map,
    (p) => {
      const el = document.createElement("p");
      el.textContent = p.title;
      return el;
    },
    onSelect,
  );
  return { map, layer, onSelect, container };
}

describe("ProposalLayer", () => {
  it("draws one marker per placed proposal and opens the selected one's popup", () => {
    const { map, layer, container } = setup();
    layer.draw({ items, colorOf, selected: null, version: "fr", zoom: 12 });
    const markers = container.querySelectorAll("path.proposal-marker");
    expect(markers).toHaveLength(2); // the third proposal is not placed yet
    expect(container.querySelector("[data-proposal-id='12']")).not.toBeNull();

    layer.draw({ items, colorOf, selected: 13, version: "fr", zoom: 12 });
    expect(container.querySelector(".leaflet-popup-content")?.textContent).toBe(
      "Des bancs au jardin des Tuileries",
    );
    expect(container.querySelectorAll("path.proposal-marker.is-selected")).toHaveLength(1);

    layer.draw({ items, colorOf, selected: null, version: "fr", zoom: 12 });
    expect(container.querySelector(".leaflet-popup")).toBeNull();
    map.remove();
  });

  it("reports a popup closed by the person, not one it closes itself", () => {
    const { map, layer, onSelect } = setup();
    layer.draw({ items, colorOf, selected: 12, version: "fr", zoom: 12 });
    layer.draw({ items, colorOf, selected: 14, version: "fr", zoom: 12 }); // not placed: closes quietly
    expect(onSelect).not.toHaveBeenCalled();
    layer.draw({ items, colorOf, selected: 12, version: "fr", zoom: 12 });
    map.closePopup();
    expect(onSelect).toHaveBeenCalledWith(null);
    map.remove();
  });

  it("uses smaller dots when zoomed out", () => {
    expect(markerRadius(11)).toBeLessThan(markerRadius(14));
    expect(markerRadius(14)).toBeLessThan(markerRadius(17));
  });
});

describe("ProposalLayer, wired like the application", () => {
  it("keeps a popup opened right after the person closed another one", () => {
    vi.useFakeTimers();
    try {
      const container = document.createElement("div");
      document.body.append(container);
      const map = L.map(container, { center: [48.85, 2.35], zoom: 12, fadeAnimation: true });
      // Leaflet only fades where CSS transitions exist; make it believe they do, as browsers do.
      (map as unknown as { _fadeAnimated: boolean })._fadeAnimated = true;
      let selected: number | null = null;
      const draw = () => {
        layer.draw({ items, colorOf, selected, version: "fr", zoom: 12 });
      };
      const layer: ProposalLayer = new ProposalLayer(
        map,
        (p) => document.createTextNode(p.title) as unknown as HTMLElement,
        (id) => {
          selected = id;
          draw();
        },
      );
      selected = 12;
      draw();
      map.closePopup(); // the person closes it…
      expect(selected).toBeNull();
      selected = 13; // …and picks another proposal at once
      draw();
      vi.advanceTimersByTime(500); // past Leaflet's 200 ms fade-out
      expect(container.querySelector(".leaflet-popup-content")?.textContent).toBe(
        "Des bancs au jardin des Tuileries",
      );
      map.remove();
    } finally {
      vi.useRealTimers();
    }
  });
});
