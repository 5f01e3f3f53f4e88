/**
 * Draws the map's proposals, clustered when dense (supercluster), or the clusters the server
 * made for a large campaign's tiles (ADR 0008): only what the view needs is on the map at any time — the clusters and single
 * proposals of the visible area at the current zoom, recomputed after each move. A cluster is a
 * focusable marker that says how many proposals it holds and zooms in on them. The selected
 * proposal is always drawn on its own, with its popup. Clicking a marker or closing the popup is
 * reported to the caller, who updates the state; this layer then draws the new state.
 */
import L from "leaflet";
import Supercluster from "supercluster";
import type { MapCluster, MapItem } from "../api";

export interface ProposalDrawing {
  items: MapItem[];
  /** Clusters made by the server (ADR 0008): drawn as they are, beside `items`, which are then
   * not clustered here. Null: `items` are every proposal to show, clustered here. */
  clusters?: MapCluster[] | null;
  colorOf: (item: MapItem) => string;
  selected: number | null;
  /** Anything whose change must rebuild markers and popups (the language, the colouring). */
  version: string;
  zoom: number;
}

/** Smaller dots when the whole city is in view, so dense areas stay readable. */
export function markerRadius(zoom: number): number {
  return zoom <= 12 ? 5 : zoom <= 14 ? 7 : 9;
}
const SELECTED_EXTRA = 4;
/** Points closer than this many pixels are clustered; from this zoom on, nothing is. */
const CLUSTER_RADIUS = 56;
const CLUSTER_MAX_ZOOM = 16;

type Point = Supercluster.PointFeature<{ index: number }>;

/** "1,2 k" style counts for big clusters. */
export function clusterLabel(count: number): string {
  return count < 1000 ? String(count) : `${Math.round(count / 100) / 10}k`;
}

/** The cluster's diameter in pixels: grows with the logarithm of its size. */
export function clusterSize(count: number): number {
  return Math.round(28 + 8 * Math.log10(Math.max(1, count)));
}

/** Zooms onto a server cluster's extent: at least two levels in, at most 18. */
export function zoomToExtent(map: L.Map, extent: L.LatLngBounds): void {
  const here = map.getZoom();
  const fit = map.getBoundsZoom(extent.pad(0.1));
  map.setView(extent.getCenter(), Math.min(18, Math.max(here + 2, fit)));
}

export class ProposalLayer {
  private readonly group = L.featureGroup();
  private readonly markers = new Map<number, L.CircleMarker>();
  private readonly serverClusters = new Map<string, L.Marker>();
  private readonly popup: L.Popup;
  private drawn:
    (Omit<ProposalDrawing, "selected" | "zoom" | "clusters"> & { clusters: MapCluster[] | null }) | null =
    null;
  private index: Supercluster<{ index: number }> | null = null;
  private selected: number | null = null;
  private radius = markerRadius(12);
  private closingOnPurpose = false;
  private clusterLabel: (count: number) => string = (count) => String(count);

  constructor(
    private readonly map: L.Map,
    private readonly renderPopup: (item: MapItem) => HTMLElement,
    private readonly onSelect: (id: number | null) => void,
  ) {
    this.group.addTo(map);
    this.popup = L.popup({
      maxWidth: 320,
      minWidth: 200,
      offset: [0, -4],
      autoPanPadding: [12, 12],
      className: "proposal-popup-wrap",
    });
    map.on("popupclose", (event: L.PopupEvent) => {
      if (event.popup !== this.popup || this.closingOnPurpose) return;
      // Closed by the person. Forget the selection here, before reporting it, so the redraw that
      // follows does not close the popup a second time while Leaflet is still removing it.
      this.unmark(this.selected);
      this.selected = null;
      this.onSelect(null);
    });
    map.on("moveend", () => {
      this.refresh();
    });
  }

  /** How a cluster is named to screen readers ("12 propositions : zoomer pour les voir"). */
  setClusterLabel(label: (count: number) => string): void {
    this.clusterLabel = label;
  }

  draw(drawing: ProposalDrawing): void {
    const { items, colorOf, version } = drawing;
    const clusters = drawing.clusters ?? null;
    const d = this.drawn;
    this.radius = markerRadius(drawing.zoom);
    if (
      d?.items !== items ||
      d.colorOf !== colorOf ||
      d.version !== version ||
      (d.clusters ?? null) !== clusters
    ) {
      const reselect = this.selected;
      this.drawn = { items, colorOf, version, clusters };
      if (clusters !== null) {
        if (d?.version !== version || d.colorOf !== colorOf) {
          this.group.clearLayers(); // the clusters' labels are in the language drawn
          this.serverClusters.clear();
          this.markers.clear();
        }
        // Tiles arrive while the map moves: keep the selection and its popup if still drawn.
        this.index = null;
        this.selected = items.some((p) => p.id === reselect) ? reselect : null;
        if (this.selected === null) this.closePopup();
        this.refresh();
        if (drawing.selected !== this.selected) this.select(drawing.selected);
        return;
      }
      this.index = new Supercluster<{ index: number }>({
        radius: CLUSTER_RADIUS,
        maxZoom: CLUSTER_MAX_ZOOM,
        minPoints: 3,
      });
      this.index.load(
        items.map((item, index): Point => ({
          type: "Feature",
          properties: { index },
          geometry: { type: "Point", coordinates: [item.latLng[1], item.latLng[0]] },
        })),
      );
      this.selected = null;
      this.closePopup();
      this.refresh();
    }
    if (drawing.selected !== this.selected) this.select(drawing.selected);
  }

  /** Redraws what the view needs: the clusters and points of the visible area at this zoom. */
  private refresh(): void {
    const drawn = this.drawn;
    const index = this.index;
    if (drawn?.clusters) {
      this.drawServerClusters(drawn.items, drawn.clusters, drawn.colorOf);
      return;
    }
    if (!drawn || !index) return;
    this.radius = markerRadius(this.map.getZoom());
    this.group.clearLayers();
    this.serverClusters.clear();
    this.markers.clear();
    const bounds = this.map.getBounds().pad(0.25);
    const zoom = Math.round(this.map.getZoom());
    const found = index.getClusters(
      [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
      zoom,
    );
    for (const feature of found) {
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      const props = feature.properties as Partial<Supercluster.ClusterProperties> & { index?: number };
      if (props.cluster && props.cluster_id !== undefined) {
        this.addCluster([lat, lng], props.cluster_id, props.point_count ?? 0);
      } else if (props.index !== undefined) {
        const item = drawn.items[props.index];
        if (item && item.id !== this.selected) this.addPoint(item, drawn.colorOf);
      }
    }
    const selected = this.selected === null ? undefined : drawn.items.find((p) => p.id === this.selected);
    if (selected) this.mark(this.addPoint(selected, drawn.colorOf));
  }

  /** The server's clusters are diffed, not redrawn: a pan adds the new tiles' clusters only
   * (a large screen shows a few hundred of them). The proposals alone are redrawn. */
  private drawServerClusters(
    items: MapItem[],
    clusters: MapCluster[],
    colorOf: (item: MapItem) => string,
  ): void {
    this.radius = markerRadius(this.map.getZoom());
    for (const marker of this.markers.values()) this.group.removeLayer(marker);
    this.markers.clear();
    const wanted = new Map(clusters.map((c) => [`${c.latLng.join(",")}:${c.count}`, c]));
    for (const [key, marker] of this.serverClusters) {
      if (!wanted.has(key)) {
        this.group.removeLayer(marker);
        this.serverClusters.delete(key);
      }
    }
    for (const [key, cluster] of wanted) {
      if (this.serverClusters.has(key)) continue;
      const [west, south, east, north] = cluster.bbox;
      const extent = L.latLngBounds([south, west], [north, east]);
      this.serverClusters.set(key, this.addCluster(cluster.latLng, null, cluster.count, extent));
    }
    for (const item of items) if (item.id !== this.selected) this.addPoint(item, colorOf);
    const selected = items.find((p) => p.id === this.selected);
    if (selected) this.mark(this.addPoint(selected, colorOf));
  }

  private addCluster(
    latLng: L.LatLngTuple,
    id: number | null,
    count: number,
    extent?: L.LatLngBounds,
  ): L.Marker {
    const size = clusterSize(count);
    const label = this.clusterLabel(count);
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = clusterLabel(count);
    const marker = L.marker(latLng, {
      icon: L.divIcon({
        className: "proposal-cluster",
        html: shown,
        iconSize: [size, size],
      }),
      title: label,
      alt: label,
      keyboard: true,
      riseOnHover: true,
    });
    marker.on("add", () => {
      const element = marker.getElement();
      element?.setAttribute("role", "button");
      element?.setAttribute("aria-label", label);
      element?.setAttribute("data-count", String(count));
    });
    marker.on("click", () => {
      if (extent) {
        zoomToExtent(this.map, extent);
        return;
      }
      const expansion = id === null ? undefined : this.index?.getClusterExpansionZoom(id);
      this.map.setView(latLng, Math.min(expansion ?? this.map.getZoom() + 2, 18));
    });
    this.group.addLayer(marker);
    return marker;
  }

  private addPoint(item: MapItem, colorOf: (item: MapItem) => string): L.CircleMarker {
    const marker = L.circleMarker(item.latLng, {
      radius: this.radius,
      color: "#ffffff",
      weight: 1.5,
      fillColor: colorOf(item),
      fillOpacity: 0.95,
      className: "proposal-marker",
      bubblingMouseEvents: false,
    });
    marker.bindTooltip(
      () => {
        const span = document.createElement("span");
        span.textContent = item.title;
        return span;
      },
      { direction: "top", offset: [0, -6] },
    );
    marker.on("click", () => {
      this.onSelect(item.id);
    });
    this.group.addLayer(marker);
    marker.getElement()?.setAttribute("data-proposal-id", String(item.id));
    this.markers.set(item.id, marker);
    return marker;
  }

  private mark(marker: L.CircleMarker): void {
    marker.setStyle({ radius: this.radius + SELECTED_EXTRA, color: "#111111", weight: 3 });
    marker.getElement()?.classList.add("is-selected");
    marker.bringToFront();
  }

  private unmark(id: number | null): void {
    const marker = id === null ? undefined : this.markers.get(id);
    marker?.setStyle({ radius: this.radius, color: "#ffffff", weight: 1.5 });
    marker?.getElement()?.classList.remove("is-selected");
  }

  private select(id: number | null): void {
    this.selected = id;
    const item = id === null ? undefined : this.drawn?.items.find((p) => p.id === id);
    // Draw the selected proposal on its own (out of its cluster) and the rest around it.
    this.refresh();
    const marker = id === null ? undefined : this.markers.get(id);
    if (!marker || !item) {
      this.closePopup();
      return;
    }
    // Narrow maps (phones) get a narrower popup, so it fits between the map's edges.
    this.popup.options.maxWidth = Math.max(180, Math.min(320, this.map.getSize().x - 80));
    this.popup.options.minWidth = Math.min(200, this.popup.options.maxWidth);
    this.popup.setLatLng(marker.getLatLng()).setContent(this.renderPopup(item)).openOn(this.map);
  }

  private closePopup(): void {
    if (!this.popup.isOpen()) return;
    this.closingOnPurpose = true;
    try {
      this.map.closePopup(this.popup);
    } finally {
      this.closingOnPurpose = false;
    }
  }
}
