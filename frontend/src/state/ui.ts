/**
 * What the person chose: language, campaign, filters, map view, selected proposal. Everything
 * but the language is mirrored in the URL (see url.ts). Update functions are pure and return
 * the same object when nothing changes, so the store stays quiet.
 */
import type { Lang } from "../i18n";

export interface MapView {
  lat: number;
  lng: number;
  zoom: number;
}

export interface Filters {
  /** A theme slug. */
  theme: string | null;
  /** An arrondissement's INSEE code (75101…75120). */
  district: string | null;
}

export interface UiState {
  lang: Lang;
  campaign: string | null;
  filters: Filters;
  view: MapView;
  selected: number | null;
}

/** Paris as a whole, as it first appears. */
export const PARIS_VIEW: MapView = { lat: 48.8589, lng: 2.3469, zoom: 12 };
export const MIN_ZOOM = 11;
export const MAX_ZOOM = 19;

export function initialUiState(lang: Lang): UiState {
  return {
    lang,
    campaign: null,
    filters: { theme: null, district: null },
    view: PARIS_VIEW,
    selected: null,
  };
}

export function setLang(state: UiState, lang: Lang): UiState {
  return state.lang === lang ? state : { ...state, lang };
}

export function setCampaign(state: UiState, campaign: string | null): UiState {
  if (state.campaign === campaign) return state;
  return { ...state, campaign, selected: null };
}

function setFilter(state: UiState, filters: Filters): UiState {
  if (filters.theme === state.filters.theme && filters.district === state.filters.district) {
    return state;
  }
  return { ...state, filters, selected: null };
}

export function setTheme(state: UiState, theme: string | null): UiState {
  return setFilter(state, { ...state.filters, theme: theme || null });
}

export function setDistrict(state: UiState, district: string | null): UiState {
  return setFilter(state, { ...state.filters, district: district || null });
}

export function clearFilters(state: UiState): UiState {
  return setFilter(state, { theme: null, district: null });
}

export function selectProposal(state: UiState, id: number | null): UiState {
  return state.selected === id ? state : { ...state, selected: id };
}

/** Rounds a view to what the URL keeps (5 decimals ≈ 1 m), clamping the zoom. */
export function normaliseView(view: MapView): MapView {
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    lat: round(Math.min(90, Math.max(-90, view.lat))),
    lng: round(Math.min(180, Math.max(-180, view.lng))),
    zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(view.zoom))),
  };
}

export function sameView(a: MapView, b: MapView): boolean {
  const na = normaliseView(a);
  const nb = normaliseView(b);
  return na.lat === nb.lat && na.lng === nb.lng && na.zoom === nb.zoom;
}

export function setView(state: UiState, view: MapView): UiState {
  return sameView(state.view, view) ? state : { ...state, view: normaliseView(view) };
}

/** The part of the state that decides which proposals to ask the API for. */
export function proposalQueryKey(state: UiState): string {
  return JSON.stringify([state.campaign, state.filters.theme, state.filters.district]);
}
