/**
 * What the API sent: reference data and the proposals for the current filters, each a
 * `Remote` value that is loading, ready or failed. Pure update functions only.
 */
import type { Campaign, District, GeocodeResult, MapCluster, MapItem, Theme } from "../api";

export type Remote<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; message: string };

export interface ProposalsData {
  items: MapItem[];
  count: number;
  truncated: boolean;
  /** A large campaign (ADR 0008): what is in view only. `clusters` at the city's zooms (the
   * server's), none zoomed in ("lean": the proposals of the area in view). */
  view?: { mode: "tiles"; clusters: MapCluster[] } | { mode: "lean" };
}

export interface SearchState {
  query: string;
  results: Remote<GeocodeResult[]>;
  /** The address the map was last centred on, drawn as a marker. */
  chosen: GeocodeResult | null;
}

export interface DataState {
  campaigns: Remote<Campaign[]>;
  themes: Remote<Theme[]>;
  districts: Remote<District[]>;
  proposals: Remote<ProposalsData>;
  search: SearchState;
}

export const idle = { status: "idle" } as const;
export const loading = { status: "loading" } as const;

export function initialDataState(): DataState {
  return {
    campaigns: idle,
    themes: idle,
    districts: idle,
    proposals: idle,
    search: { query: "", results: idle, chosen: null },
  };
}

export function ready<T>(data: T): Remote<T> {
  return { status: "ready", data };
}

export function failed(message: string): Remote<never> {
  return { status: "error", message };
}

export function readyOr<T>(remote: Remote<T>, fallback: T): T {
  return remote.status === "ready" ? remote.data : fallback;
}

type Key = "campaigns" | "themes" | "districts" | "proposals";

export function setRemote<K extends Key>(state: DataState, key: K, value: DataState[K]): DataState {
  return { ...state, [key]: value };
}

export function searchStarted(state: DataState, query: string): DataState {
  return { ...state, search: { ...state.search, query, results: loading } };
}

export function searchFinished(state: DataState, query: string, results: Remote<GeocodeResult[]>): DataState {
  // An answer to an older query is dropped.
  if (state.search.query !== query) return state;
  return { ...state, search: { ...state.search, results } };
}

/** The text became too short to search: no query, no results (the chosen address stays). */
export function searchCleared(state: DataState): DataState {
  return { ...state, search: { ...state.search, query: "", results: idle } };
}

export function searchChosen(state: DataState, chosen: GeocodeResult | null): DataState {
  return { ...state, search: { ...state.search, chosen, results: chosen ? idle : state.search.results } };
}

/** The campaign to show first: the one open for proposals, else the most recent one. */
export function defaultCampaign(campaigns: Campaign[]): string | null {
  const open = campaigns.find((c) => c.current_phase === "submission");
  return (open ?? campaigns[0])?.slug ?? null;
}

/** A picker's list with the campaign of the moment first (added when the page of the newest
 * ones left it out): the pickers open on their first campaign. */
export function currentFirst<C extends { slug: string }>(campaigns: C[], current: C | null): C[] {
  if (current === null) return campaigns;
  return [current, ...campaigns.filter((c) => c.slug !== current.slug)];
}

/** Arrondissements only, in number order. */
export function arrondissements(districts: District[]): District[] {
  return districts.filter((d) => d.level === "arrondissement").sort((a, b) => a.number - b.number);
}
