// @vitest-environment happy-dom
import L from "leaflet";
import { describe, expect, it, vi } from "vitest";
import fixture from "../api/fixtures/map-proposals.json";
import { mapCollectionSchema, type MapItem } from "../api/schemas";
import { themeColors } from "./colors";
import { clusterLabel, clusterSize, markerRadius, ProposalLayer } from "./proposalLayer";

const items = mapCollectionSchema.parse(fixture).items;
const themeColor = themeColors(["cadre-de-vie", "environnement", "sport"]);
const colorOf = (item: MapItem) => themeColor(item.theme);

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
    expect(markers).toHaveLength(3);
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
    layer.draw({ items, colorOf, selected: 99, version: "fr", zoom: 12 }); // not shown: closes quietly
    expect(onSelect).not.toHaveBeenCalled();
    layer.draw({ items, colorOf, selected: 12, version: "fr", zoom: 12 });
    map.closePopup();
    expect(onSelect).toHaveBeenCalledWith(null);
    map.remove();
  });

  it("clusters dense proposals into one focusable marker that names its count", () => {
    const { map, layer, container } = setup();
    // 500 proposals within a few metres of each other, and one far away.
    const dense: MapItem[] = Array.from({ length: 500 }, (_, i) => ({
      id: 1000 + i,
      title: `Proposition ${i}`,
      theme: "sport",
      status: "submitted",
      district: "75105",
      project: null,
      latLng: [48.845 + (i % 20) * 1e-5, 2.35 + Math.floor(i / 20) * 1e-5],
      kind: "proposal",
      cost: null,
    }));
    const far = { ...dense[0], id: 5000, latLng: [48.88, 2.3] } as MapItem;
    layer.setClusterLabel((count) => `${count} propositions : zoomer pour les voir`);
    layer.draw({ items: [...dense, far], colorOf, selected: null, version: "fr", zoom: 12 });
    const clusters = container.querySelectorAll(".proposal-cluster");
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.getAttribute("aria-label")).toBe("500 propositions : zoomer pour les voir");
    expect(clusters[0]?.getAttribute("role")).toBe("button");
    expect(container.querySelectorAll("path.proposal-marker")).toHaveLength(1);

    // Selecting a proposal inside the cluster draws it on its own, with its popup.
    layer.draw({ items: [...dense, far], colorOf, selected: 1007, version: "fr", zoom: 12 });
    expect(container.querySelectorAll("path.proposal-marker.is-selected")).toHaveLength(1);
    expect(container.querySelector(".leaflet-popup-content")?.textContent).toBe("Proposition 7");
    map.remove();
  });

  it("sizes and labels clusters for their count", () => {
    expect(clusterLabel(12)).toBe("12");
    expect(clusterLabel(12_345)).toBe("12.3k");
    expect(clusterSize(10)).toBeLessThan(clusterSize(10_000));
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
