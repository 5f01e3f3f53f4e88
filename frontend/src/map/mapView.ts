/**
 * The Leaflet map itself: basemap, attribution, panes. It reports moves to the caller and
 * follows view changes it is given; it holds no application data.
 */
import L from "leaflet";
import { MAX_ZOOM, MIN_ZOOM, sameView, type MapView } from "../state/ui";

/**
 * The base map: the IGN Géoplateforme's "Plan IGN v2" (a public French service, Licence Ouverte)
 * by default in a production build; another `{z}/{x}/{y}` raster template with `VITE_TILE_URL`
 * and `VITE_TILE_ATTRIBUTION`, or none with `VITE_TILE_URL=none`. Development servers and unit
 * tests ask no tile server unless told to. Without a base map (or once its server is found
 * unreachable) the map draws the city's own outlines on a plain background. The API's
 * Content-Security-Policy must allow the server (`CSP_TILE_ORIGINS`).
 */
export const IGN_PLAN_URL =
  "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0" +
  "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png" +
  "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
export const IGN_PLAN_ATTRIBUTION = '<a href="https://geoservices.ign.fr/">IGN – Plan IGN</a>';
/** Plan IGN v2's deepest zoom: Leaflet enlarges its tiles beyond. */
const IGN_PLAN_MAX_ZOOM = 19;

export interface BaseMapConfig {
  url: string;
  attribution: string;
  maxNativeZoom: number | undefined;
}

/** The base map a build asks for, from its settings (pure: the tests give their own). */
export function baseMapConfig(
  url: string | undefined,
  attribution: string | undefined,
  production: boolean,
): BaseMapConfig | null {
  const chosen = (url ?? "").trim();
  if (chosen.toLowerCase() === "none" || (!chosen && !production)) return null;
  if (!chosen || chosen === IGN_PLAN_URL) {
    return {
      url: IGN_PLAN_URL,
      attribution: attribution || IGN_PLAN_ATTRIBUTION,
      maxNativeZoom: IGN_PLAN_MAX_ZOOM,
    };
  }
  return {
    url: chosen,
    attribution:
      attribution || '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>',
    maxNativeZoom: undefined,
  };
}

export const BASE_MAP = baseMapConfig(
  import.meta.env.VITE_TILE_URL as string | undefined,
  import.meta.env.VITE_TILE_ATTRIBUTION as string | undefined,
  import.meta.env.PROD,
);

export const DATA_ATTRIBUTIONS = [
  'Ville de Paris – <a href="https://opendata.paris.fr/">opendata.paris.fr</a> (ODbL)',
  '<a href="https://adresse.data.gouv.fr/">Base Adresse Nationale</a>',
];

/** How many tiles may fail before the base map is given up for this page (server unreachable). */
const TILE_FAILURES_ALLOWED = 4;

/** Paris and a margin around it: the map does not wander off. */
const MAX_BOUNDS = L.latLngBounds([48.7, 2.05], [49.02, 2.65]);
/** The city itself, to fit on first opening whatever the screen size. */
const PARIS_BOUNDS = L.latLngBounds([48.8156, 2.2242], [48.9022, 2.4699]);

/**
 * The base map under `map`, if the build has one. It is decoration: when its server does not
 * answer, it is removed after a few failed tiles (no stream of failing requests), the container
 * gets `map-no-basemap`, and everything drawn on top keeps working.
 */
export function addBaseMap(
  map: L.Map,
  container: HTMLElement,
  maxZoom: number,
  config = BASE_MAP,
): L.TileLayer | null {
  if (!config) {
    container.classList.add("map-no-basemap");
    return null;
  }
  const tiles = L.tileLayer(config.url, {
    maxZoom,
    ...(config.maxNativeZoom ? { maxNativeZoom: config.maxNativeZoom } : {}),
    attribution: config.attribution,
    crossOrigin: true,
  });
  let failures = 0;
  let gone = false;
  // Tiles still on their way when the page is left fail after the map is removed: ignore them.
  map.on("unload", () => {
    gone = true;
    tiles.off();
  });
  tiles.on("tileerror", () => {
    failures += 1;
    if (gone || !container.isConnected) return;
    if (failures === TILE_FAILURES_ALLOWED) {
      // Not while Leaflet is still handling the tile: once it is done.
      window.setTimeout(() => {
        if (gone || !map.hasLayer(tiles)) return;
        map.removeLayer(tiles);
        container.classList.add("map-no-basemap");
      }, 0);
    }
  });
  tiles.addTo(map);
  return tiles;
}

export interface MapHandle {
  map: L.Map;
  /** Moves the map to `view` unless it is already there. */
  show(view: MapView): void;
  fitBounds(bounds: L.LatLngBounds): void;
  fitParis(): void;
  /** Leaflet's own controls speak English: give them the page's words. */
  setLabels(labels: { zoomIn: string; zoomOut: string; close: string }): void;
  current(): MapView;
}

export function createMapView(
  container: HTMLElement,
  initial: MapView,
  onMove: (view: MapView) => void,
): MapHandle {
  const map = L.map(container, {
    center: [initial.lat, initial.lng],
    zoom: initial.zoom,
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    maxBounds: MAX_BOUNDS,
    maxBoundsViscosity: 0.8,
    zoomSnap: 1,
    attributionControl: true,
  });

  // Districts get their own pane under the proposals (overlayPane, 400), whichever arrives first
  // from the API; their names sit between the two and never catch the pointer.
  map.createPane("districts").style.zIndex = "350";
  const labels = map.createPane("districtLabels");
  labels.style.zIndex = "390";
  labels.style.pointerEvents = "none";

  addBaseMap(map, container, MAX_ZOOM);
  for (const text of DATA_ATTRIBUTIONS) map.attributionControl.addAttribution(text);

  const current = (): MapView => {
    const c = map.getCenter();
    return { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
  };

  let controlLabels: { zoomIn: string; zoomOut: string; close: string } | null = null;
  map.on("popupopen", (event: L.PopupEvent) => {
    const close = event.popup.getElement()?.querySelector(".leaflet-popup-close-button");
    if (controlLabels && close) close.setAttribute("aria-label", controlLabels.close);
  });

  map.on("moveend", () => {
    onMove(current());
  });

  // The container may change size (phone rotation, panel layout): keep Leaflet informed.
  if (typeof ResizeObserver !== "undefined") {
    const observer = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    observer.observe(container);
    // Once the page is left the map is removed: a last resize must not reach it.
    map.on("unload", () => {
      observer.disconnect();
    });
  }

  return {
    map,
    show(view) {
      if (!sameView(current(), view)) map.setView([view.lat, view.lng], view.zoom);
    },
    fitBounds(bounds) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
    },
    setLabels(next) {
      controlLabels = next;
      for (const [selector, text] of [
        [".leaflet-control-zoom-in", next.zoomIn],
        [".leaflet-control-zoom-out", next.zoomOut],
        [".leaflet-popup-close-button", next.close],
      ] as const) {
        for (const element of container.querySelectorAll(selector)) {
          element.setAttribute("aria-label", text);
          if (!selector.includes("popup")) element.setAttribute("title", text);
        }
      }
    },
    fitParis() {
      map.fitBounds(PARIS_BOUNDS, { padding: [8, 8] });
    },
    current,
  };
}
