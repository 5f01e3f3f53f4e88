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
  /** A proposal status (submitted, in_review, accepted…). */
  status: string | null;
  /** Words to find in titles and descriptions. */
  search: string | null;
  /** At least this many supports (« je soutiens »), asked of the server. */
  minSupports: number | null;
}

/** The list's order: the API's (by deposit), or the most supported first. */
export type ListSort = "deposit" | "supports";
/** The choices of the supports filter. */
export const MIN_SUPPORTS = [1, 5, 10, 50] as const;

export type ColorBy = "theme" | "status";

/** What the map shows: the proposals, or the ballot projects made of them. */
export type Shown = "proposals" | "projects";

export interface UiState {
  lang: Lang;
  campaign: string | null;
  filters: Filters;
  view: MapView;
  selected: number | null;
  /** What the markers' colours say. */
  colorBy: ColorBy;
  shown: Shown;
  /** The order of the list beside the map. */
  sort: ListSort;
}

/** Paris as a whole, as it first appears. */
export const PARIS_VIEW: MapView = { lat: 48.8589, lng: 2.3469, zoom: 12 };
export const MIN_ZOOM = 11;
export const MAX_ZOOM = 19;

export function initialUiState(lang: Lang): UiState {
  return {
    lang,
    campaign: null,
    filters: NO_FILTERS,
    view: PARIS_VIEW,
    selected: null,
    colorBy: "theme",
    shown: "proposals",
    sort: "deposit",
  };
}

export function setLang(state: UiState, lang: Lang): UiState {
  return state.lang === lang ? state : { ...state, lang };
}

export function setCampaign(state: UiState, campaign: string | null): UiState {
  if (state.campaign === campaign) return state;
  return { ...state, campaign, selected: null };
}

export const NO_FILTERS: Filters = {
  theme: null,
  district: null,
  status: null,
  search: null,
  minSupports: null,
};

function setFilter(state: UiState, filters: Filters): UiState {
  const same = (Object.keys(filters) as (keyof Filters)[]).every((k) => filters[k] === state.filters[k]);
  return same ? state : { ...state, filters, selected: null };
}

export function setStatus(state: UiState, status: string | null): UiState {
  return setFilter(state, { ...state.filters, status: status || null });
}

/** Words to search for; blank or one-letter searches are no search. */
export function setSearch(state: UiState, search: string | null): UiState {
  const words = (search ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_SEARCH);
  return setFilter(state, { ...state.filters, search: words.length >= 2 ? words : null });
}

export const MAX_SEARCH = 100;

/** Proposals with at least `count` supports (null or below 1: no filter). */
export function setMinSupports(state: UiState, count: number | null): UiState {
  const value = count !== null && Number.isSafeInteger(count) && count >= 1 ? count : null;
  return setFilter(state, { ...state.filters, minSupports: value });
}

export function setSort(state: UiState, sort: ListSort): UiState {
  return state.sort === sort ? state : { ...state, sort };
}

export function setColorBy(state: UiState, colorBy: ColorBy): UiState {
  return state.colorBy === colorBy ? state : { ...state, colorBy };
}

export function setShown(state: UiState, shown: Shown): UiState {
  return state.shown === shown ? state : { ...state, shown, selected: null };
}

export function hasFilters(filters: Filters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

export function setTheme(state: UiState, theme: string | null): UiState {
  return setFilter(state, { ...state.filters, theme: theme || null });
}

export function setDistrict(state: UiState, district: string | null): UiState {
  return setFilter(state, { ...state.filters, district: district || null });
}

export function clearFilters(state: UiState): UiState {
  return setFilter(state, NO_FILTERS);
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
  const f = state.filters;
  return JSON.stringify([
    state.shown,
    state.campaign,
    f.theme,
    f.district,
    f.status,
    f.search,
    f.minSupports,
  ]);
}
