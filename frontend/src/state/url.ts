/**
 * The view in the address bar: `?campaign=bp-2026&theme=sport&district=75105&proposal=12
 * &lat=48.85&lng=2.35&z=14`. Parsing never throws: a bad value is ignored and the
 * current one kept, so a hand-edited link still opens something sensible.
 */
import { MAX_SEARCH, MAX_ZOOM, MIN_ZOOM, normaliseView, type MapView, type UiState } from "./ui";

const SLUG = /^[a-z0-9][a-z0-9_-]{0,79}$/;
const INSEE = /^\d{5}$/;
const STATUS = /^[a-z_]{1,20}$/;

export function toQuery(state: UiState): string {
  const params = new URLSearchParams();
  if (state.campaign) params.set("campaign", state.campaign);
  if (state.filters.theme) params.set("theme", state.filters.theme);
  if (state.filters.district) params.set("district", state.filters.district);
  if (state.filters.status) params.set("status", state.filters.status);
  if (state.filters.search) params.set("q", state.filters.search);
  if (state.filters.minSupports !== null) params.set("soutiens", String(state.filters.minSupports));
  if (state.sort !== "deposit") params.set("tri", state.sort);
  if (state.colorBy !== "theme") params.set("colors", state.colorBy);
  if (state.shown !== "proposals") params.set("show", state.shown);
  if (state.selected !== null) params.set("proposal", String(state.selected));
  const view = normaliseView(state.view);
  params.set("lat", view.lat.toFixed(5));
  params.set("lng", view.lng.toFixed(5));
  params.set("z", String(view.zoom));
  return `?${params.toString()}`;
}

function slug(value: string | null): string | null {
  return value !== null && SLUG.test(value) ? value : null;
}

function readView(params: URLSearchParams, fallback: MapView): MapView {
  const lat = Number(params.get("lat"));
  const lng = Number(params.get("lng"));
  const zoom = Number(params.get("z"));
  const has = (k: string) => (params.get(k) ?? "").trim() !== "";
  const view = {
    lat: has("lat") && Number.isFinite(lat) && Math.abs(lat) <= 90 ? lat : fallback.lat,
    lng: has("lng") && Number.isFinite(lng) && Math.abs(lng) <= 180 ? lng : fallback.lng,
    zoom: has("z") && Number.isInteger(zoom) && zoom >= MIN_ZOOM && zoom <= MAX_ZOOM ? zoom : fallback.zoom,
  };
  return normaliseView(view);
}

/** The state a query string describes, on top of `base` (which gives the language and defaults). */
export function fromQuery(search: string, base: UiState): UiState {
  const params = new URLSearchParams(search);
  const district = params.get("district");
  const proposal = Number(params.get("proposal"));
  const status = params.get("status");
  const supports = Number(params.get("soutiens") ?? "");
  const words = (params.get("q") ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_SEARCH);
  return {
    ...base,
    campaign: slug(params.get("campaign")),
    filters: {
      theme: slug(params.get("theme")),
      district: district !== null && INSEE.test(district) ? district : null,
      status: status !== null && STATUS.test(status) ? status : null,
      search: words.length >= 2 ? words : null,
      minSupports: supports >= 1 && supports <= 1_000_000 && Number.isSafeInteger(supports) ? supports : null,
    },
    sort: params.get("tri") === "supports" ? "supports" : "deposit",
    colorBy: params.get("colors") === "status" ? "status" : "theme",
    shown: params.get("show") === "projects" ? "projects" : "proposals",
    selected: params.has("proposal") && Number.isSafeInteger(proposal) && proposal > 0 ? proposal : null,
    view: readView(params, base.view),
  };
}

/**
 * How a state change should reach the browser history: a new entry when what is shown changes
 * (campaign, filters), a replaced one when only the view or the selection moves, none otherwise.
 */
export function historyMode(previous: UiState, next: UiState): "push" | "replace" | null {
  if (toQuery(previous) === toQuery(next)) return null;
  const shown = (s: UiState) => JSON.stringify([s.campaign, s.filters, s.shown]);
  return shown(previous) === shown(next) ? "replace" : "push";
}

/** Whether the query string sets the map view (otherwise the map fits Paris to the screen). */
export function hasView(search: string): boolean {
  const params = new URLSearchParams(search);
  return ["lat", "lng", "z"].every((key) => (params.get(key) ?? "").trim() !== "");
}
