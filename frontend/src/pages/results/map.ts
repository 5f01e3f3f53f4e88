/**
 * The winners' map: no base map, only the arrondissements' outlines (when the campaign is Paris's)
 * and one numbered marker per located winner. It draws what it is given and holds no data; a
 * marker's click (or Enter) goes to the project in the list.
 */
import L from "leaflet";
import type { District } from "../../api";
import { toLatLngs } from "../../map/geometry";
import { DATA_ATTRIBUTIONS } from "../../map/mapView";
import type { WinnerPoint } from "./model";

const PARIS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);
const OUTLINE: L.PathOptions = {
  color: "#1d3557",
  weight: 1.5,
  opacity: 0.7,
  fillColor: "#1d3557",
  fillOpacity: 0.03,
};
const IN_AREA: L.PathOptions = {
  color: "#1d3557",
  weight: 3,
  opacity: 1,
  fillColor: "#1d3557",
  fillOpacity: 0.1,
};

export interface ResultsMap {
  /** Outlines (the arrondissements, with those of the shown area stressed). */
  outlines(districts: District[], stressed: number[]): void;
  winners(points: WinnerPoint[], label: (p: WinnerPoint) => string): void;
  /** Fits the stressed outlines, else the markers, else Paris. */
  fit(): void;
  remove(): void;
}

export function createResultsMap(
  container: HTMLElement,
  labels: { zoomIn: string; zoomOut: string },
  onPick: (point: WinnerPoint) => void,
): ResultsMap {
  const map = L.map(container, { zoomControl: false, minZoom: 10, maxZoom: 18, zoomSnap: 0.5 });
  L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
  // Leaflet focuses its container on a press to enable the arrow keys, and the browser scrolls
  // a partly visible map into view as it does: the marker under the pointer moves away and the
  // click is lost. Focusing it first without scrolling keeps the click where it was pressed.
  container.addEventListener(
    "mousedown",
    () => {
      if (!container.contains(document.activeElement)) container.focus({ preventScroll: true });
    },
    true,
  );
  map.createPane("outlines").style.zIndex = "350";
  map.fitBounds(PARIS);
  const outlineGroup = L.featureGroup().addTo(map);
  const stressedGroup = L.featureGroup();
  const markerGroup = L.featureGroup().addTo(map);
  let attributed = false;
  let target: L.LatLngBounds = PARIS;
  // The container's size may settle after the map is made (the page's styles arrive with it; a
  // phone turns): keep Leaflet informed and the chosen view framed.
  const resize = new ResizeObserver(() => {
    map.invalidateSize();
    map.fitBounds(target, { padding: [12, 12], maxZoom: 16, animate: false });
  });
  resize.observe(container);

  return {
    outlines(districts, stressed) {
      outlineGroup.clearLayers();
      stressedGroup.clearLayers();
      if (!attributed && districts.length) {
        map.attributionControl.addAttribution(DATA_ATTRIBUTIONS[0] as string);
        attributed = true;
      }
      const wanted = new Set(stressed);
      for (const d of districts) {
        const inArea = wanted.has(d.number);
        const shape = L.polygon(toLatLngs(d.polygons), {
          ...(inArea ? IN_AREA : OUTLINE),
          pane: "outlines",
          interactive: false,
          className: inArea ? "result-outline is-in-area" : "result-outline",
        });
        outlineGroup.addLayer(shape);
        if (inArea) stressedGroup.addLayer(shape);
      }
    },
    winners(points, label) {
      markerGroup.clearLayers();
      for (const point of points) {
        const text = label(point);
        const number = document.createElement("span");
        number.textContent = String(point.position);
        const marker = L.marker(point.latLng, {
          icon: L.divIcon({ className: "result-marker", html: number, iconSize: [28, 28] }),
          title: text,
          alt: text,
          keyboard: true,
        });
        const tip = document.createElement("span");
        tip.textContent = text; // a project's title: text, never HTML
        marker.bindTooltip(tip, { direction: "top", offset: [0, -14] });
        marker.on("click", () => {
          onPick(point);
        });
        markerGroup.addLayer(marker);
        const element = marker.getElement();
        element?.setAttribute("aria-label", text);
        element?.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            onPick(point);
          }
        });
      }
    },
    fit() {
      target =
        stressedGroup.getLayers().length > 0 && stressedGroup.getLayers().length < 20
          ? stressedGroup.getBounds()
          : markerGroup.getLayers().length > 0 && outlineGroup.getLayers().length === 0
            ? markerGroup.getBounds()
            : PARIS;
      map.invalidateSize();
      map.fitBounds(target, { padding: [12, 12], maxZoom: 16, animate: false });
    },
    remove() {
      resize.disconnect();
      map.stop(); // an ongoing pan would call into the removed panes
      map.remove();
    },
  };
}
