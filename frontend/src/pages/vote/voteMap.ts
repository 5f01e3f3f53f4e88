/**
 * A small map of one ballot's projects: the arrondissement outlines (over the base map when the
 * build has one and its server answers) and a point per
 * project place. It owns no data: it draws what it is given and says which project was picked;
 * the list beside it stays the way to vote.
 */
import L from "leaflet";
import type { z } from "zod";
import type { DistrictFeature } from "../../api/generated/zod";
import { addBaseMap } from "../../map/mapView";

type District = z.output<typeof DistrictFeature>;

export interface MapProject {
  id: number;
  title: string;
  /** [lng, lat] pairs. */
  points: [number, number][];
}

export interface VoteMap {
  draw(districts: District[], projects: MapProject[]): void;
  /** Highlights a project's points and brings them into view. */
  focus(id: number | null): void;
  /** Marks the chosen or graded projects (a filled point), for the map to follow the list. */
  mark(done: ReadonlySet<number>): void;
  remove(): void;
}

const PARIS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);

export function createVoteMap(container: HTMLElement, label: string, onPick: (id: number) => void): VoteMap {
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", label);
  const map = L.map(container, {
    zoomSnap: 0.5,
    attributionControl: true,
    maxBounds: L.latLngBounds([48.7, 2.05], [49.02, 2.65]),
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Ville de Paris – opendata.paris.fr (ODbL)");
  map.fitBounds(PARIS);
  addBaseMap(map, container, 18);
  const outlines = L.featureGroup().addTo(map);
  const points = L.featureGroup().addTo(map);
  const markers = new Map<number, L.CircleMarker[]>();
  let focused: number | null = null;
  let done: ReadonlySet<number> = new Set();

  function style(id: number): L.CircleMarkerOptions {
    const isFocused = id === focused;
    const isDone = done.has(id);
    return {
      radius: isFocused ? 10 : 7,
      color: isFocused ? "#000000" : "#1d3557",
      weight: isFocused ? 4 : 2,
      fillColor: isDone ? "#1d3557" : "#ffffff",
      fillOpacity: 1,
    };
  }

  function restyle(): void {
    for (const [id, list] of markers) {
      for (const m of list) {
        m.setStyle(style(id));
        if (id === focused) m.bringToFront();
      }
    }
  }

  return {
    draw(districts, projects) {
      outlines.clearLayers();
      points.clearLayers();
      markers.clear();
      for (const d of districts) {
        const rings = d.geometry.coordinates.map((polygon) =>
          polygon.map((ring) => ring.map(([lng, lat]) => [lat, lng] as [number, number])),
        );
        outlines.addLayer(
          L.polygon(rings, {
            color: "#4a5360",
            weight: 1,
            fillOpacity: 0,
            interactive: false,
            className: "vote-district",
          }),
        );
      }
      for (const p of projects) {
        const list: L.CircleMarker[] = [];
        for (const [lng, lat] of p.points) {
          const marker = L.circleMarker([lat, lng], {
            ...style(p.id),
            className: `vote-marker vote-marker-${p.id}`,
          });
          const tip = document.createElement("span");
          tip.textContent = p.title;
          marker.bindTooltip(tip, { direction: "top" });
          marker.on("click", () => {
            onPick(p.id);
          });
          points.addLayer(marker);
          list.push(marker);
        }
        if (list.length) markers.set(p.id, list);
      }
      const bounds = points.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 14, animate: false });
      else map.fitBounds(PARIS);
    },
    focus(id) {
      focused = id;
      restyle();
      const list = id === null ? undefined : markers.get(id);
      if (list?.length) {
        const group = L.featureGroup(list);
        const b = group.getBounds();
        if (!map.getBounds().contains(b)) map.panTo(b.getCenter());
      }
    },
    mark(next) {
      done = next;
      restyle();
    },
    remove() {
      map.stop(); // an ongoing pan would call into the removed panes
      map.remove();
    },
  };
}
