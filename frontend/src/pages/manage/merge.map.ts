/** The merge tool's small map: arrondissement outlines (no basemap) and numbered points. */
import L from "leaflet";
import { DistrictFeatureList } from "../../api/generated/zod";
import { request } from "../../api/request";
import { toLatLngs, type Polygon } from "../../map/geometry";

export interface MapPoint {
  /** Shown in the marker: "P" for the proposal, the list number for a duplicate. */
  label: string;
  lat: number;
  lng: number;
  main: boolean;
  title: string;
}

const PARIS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);
const OUTLINE: L.PathOptions = {
  color: "#1d3557",
  weight: 1.5,
  opacity: 0.7,
  fill: false,
  interactive: false,
};

let districts: Promise<DistrictFeatureList> | null = null;

function loadDistricts(signal: AbortSignal): Promise<DistrictFeatureList> {
  districts ??= request("GET", "districts/", {
    schema: DistrictFeatureList,
    query: { level: "arrondissement" },
    signal,
  }).catch((error: unknown) => {
    districts = null;
    throw error;
  });
  return districts;
}

/** Draws the map into `container`; returns how to remove it. */
export function drawMergeMap(container: HTMLElement, points: MapPoint[], signal: AbortSignal): () => void {
  const map = L.map(container, { zoomControl: true, attributionControl: true, scrollWheelZoom: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Ville de Paris – opendata.paris.fr (ODbL)");
  const located = points.map((p) => L.latLng(p.lat, p.lng));
  if (located.length) map.fitBounds(L.latLngBounds(located).pad(0.6), { maxZoom: 15 });
  else map.fitBounds(PARIS);
  for (const point of points) {
    const shown = document.createElement("span");
    shown.textContent = point.label;
    const icon = L.divIcon({
      className: point.main ? "kit-marker kit-marker-main" : "kit-marker",
      html: shown,
      iconSize: point.main ? [32, 32] : [26, 26],
    });
    L.marker([point.lat, point.lng], { icon, keyboard: false, interactive: false, title: point.title }).addTo(
      map,
    );
  }
  loadDistricts(signal).then(
    (list) => {
      if (signal.aborted) return;
      for (const feature of list.features) {
        L.polygon(toLatLngs(feature.geometry.coordinates as Polygon[]), OUTLINE).addTo(map);
      }
    },
    () => undefined, // the outlines are context: the points and the list stand without them
  );
  return () => {
    map.stop(); // an ongoing pan would call into the removed panes
    map.remove();
  };
}
