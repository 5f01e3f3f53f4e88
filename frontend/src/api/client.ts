/**
 * The only module that talks to the network. Each call validates the answer with its zod schema
 * and throws an `ApiError` (with the API's `{status, code, message, errors}` body when there is
 * one) on failure, so callers deal with one kind of error.
 */
import type { z } from "zod";
import type { Lang } from "../i18n";
import { answerWords, pageLang, reasonWords, type ErrorParams } from "./errorMessages";
import {
  apiErrorBodySchema,
  campaignListSchema,
  campaignSchema,
  districtCollectionSchema,
  geocodeAnswerSchema,
  mapCollectionSchema,
  mapTileSchema,
  projectMapCollectionSchema,
  meSchema,
  proposalPageSchema,
  themeListSchema,
  type Campaign,
  type District,
  type DistrictLevel,
  type GeocodeAnswer,
  type MapItem,
  type MapTile,
  type Me,
  type Proposal,
  type ProposalPage,
  type Theme,
} from "./schemas";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ErrorDetail {
  code: string;
  params: ErrorParams;
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  params?: ErrorParams | undefined;
  errors: Record<string, string[]>;
  details?: Record<string, ErrorDetail[]> | undefined;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: Record<string, string[]>;
  /** The code's parameters (e.g. `wait` seconds when throttled). */
  params: ErrorParams = {};
  /** Each field's reasons as codes and parameters, as the API sent them. */
  details: Record<string, ErrorDetail[]> = {};
  /** The server's own (English) sentence and reasons, for logs: never shown on a page. */
  serverMessage = "";
  serverErrors: Record<string, string[]> = {};

  constructor(status: number, code: string, message: string, errors: Record<string, string[]> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  /**
   * A refusal from the API, said in `lang` (the page's by default) from its codes and parameters
   * (`errorMessages.ts`), never from the server's English: `message` and each field's reasons.
   */
  static fromBody(status: number, body: ErrorBody, lang: Lang = pageLang()): ApiError {
    const params = body.params ?? {};
    const details = body.details ?? {};
    const errors: Record<string, string[]> = {};
    for (const [name, reasons] of Object.entries(body.errors)) {
      errors[name] = reasons.map((server, i) => {
        const detail = details[name]?.[i];
        return reasonWords(detail?.code ?? body.code, detail?.params ?? {}, lang, server);
      });
    }
    const names = Object.keys(errors);
    const only = names.length === 1 && names[0] === "non_field" ? errors.non_field : undefined;
    const message =
      body.code === "invalid" && only?.length === 1
        ? (only[0] as string)
        : answerWords(body.code, params, lang);
    const error = new ApiError(status, body.code, message, errors);
    error.params = params;
    error.details = details;
    error.serverMessage = body.message;
    error.serverErrors = body.errors;
    return error;
  }

  /** A failure that is not the API's refusal (no answer, an unexpected one), in the page's words. */
  static local(
    status: number,
    code: "network_error" | "http_error" | "invalid_response",
    server: string,
  ): ApiError {
    const error = new ApiError(status, code, answerWords(code, {}, pageLang()));
    error.serverMessage = server;
    return error;
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** An answer's JSON body, or null when it has none that parses; an abort when the page was left
 * while the body was read (not an unexpected answer). */
export function readBody(response: Response, signal?: AbortSignal | null): Promise<unknown> {
  return response.json().catch(() => {
    if (signal?.aborted) throw new DOMException("The request was aborted.", "AbortError");
    return null;
  });
}

type Params = Record<string, string | number | null | undefined>;

export interface ProposalQuery {
  campaign?: string | null;
  theme?: string | null;
  district?: string | null;
  area?: string | null;
  status?: string | null;
  search?: string | null;
  bbox?: [number, number, number, number] | null;
  /** At least this many supports (« je soutiens »). */
  minSupports?: number | null;
}

/** What a campaign picker asks the list for (server-side filters, `campaigns/`). */
export interface CampaignQuery {
  /** The phase now, as `current_phase` says. */
  phase?: string;
  /** Where the vote stands now, as `voting_stage` says. */
  stage?: "not_open" | "open" | "checking" | "published";
  /** `city`: the city's own campaigns; `imported`: elections imported from pabulib. */
  origin?: "city" | "imported";
}

/** The screens that open on the campaign of the moment (`campaigns/current/?screen=`). */
export type Screen = "map" | "propose" | "vote" | "results";

export interface ProposalList {
  items: Proposal[];
  /** How many proposals match on the server. */
  count: number;
  /** True when more matched than `maxItems`: only the first ones are in `items`. */
  truncated: boolean;
}

export const PAGE_SIZE = 1000;

/** A Web Mercator tile: zoom, column, row. */
export type TileKey = readonly [number, number, number];

/** The ballot area of an arrondissement's INSEE code: Paris Centre for the 1st to the 4th. */
export function areaOfArrondissement(code: string): string {
  const number = Number(code.slice(3));
  return number >= 1 && number <= 4 ? "paris-centre" : `paris-${code.slice(3)}`;
}

export interface Api {
  districts(level: DistrictLevel, signal?: AbortSignal): Promise<District[]>;
  /** The first 100 campaigns the filters keep, newest first. */
  campaigns(query?: CampaignQuery, signal?: AbortSignal): Promise<Campaign[]>;
  /** The city's campaign a screen opens on now; null when none fits (404 `no_current_campaign`). */
  currentCampaign(screen: Screen, signal?: AbortSignal): Promise<Campaign | null>;
  campaign(slug: string, signal?: AbortSignal): Promise<Campaign>;
  themes(signal?: AbortSignal): Promise<Theme[]>;
  proposalPage(query: ProposalQuery, page: number, signal?: AbortSignal): Promise<ProposalPage>;
  proposals(
    query: ProposalQuery,
    options?: { signal?: AbortSignal; maxItems?: number },
  ): Promise<ProposalList>;
  /** Every proposal of the public map for the filters, in one answer (the lean path). */
  mapProposals(query: ProposalQuery, signal?: AbortSignal): Promise<{ count: number; items: MapItem[] }>;
  /** One tile of the public map for the filters: server-side clusters (ADR 0008). */
  mapTile(query: ProposalQuery, tile: TileKey, signal?: AbortSignal): Promise<MapTile>;
  /** Every ballot project of a campaign with a place, in one answer. */
  mapProjects(query: ProposalQuery, signal?: AbortSignal): Promise<{ count: number; items: MapItem[] }>;
  geocode(q: string, limit?: number, signal?: AbortSignal): Promise<GeocodeAnswer>;
  me(signal?: AbortSignal): Promise<Me | null>;
}

/** `base` is the API root as a path (`/api/v1/`); `origin` resolves relative URLs. */
export function createApi(fetchImpl: FetchLike, base = "/api/v1/", origin = "http://localhost"): Api {
  const root = base.endsWith("/") ? base : `${base}/`;

  function url(path: string, params: Params = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
    }
    const query = search.toString();
    return `${root}${path}${query ? `?${query}` : ""}`;
  }

  async function get<S extends z.ZodTypeAny>(
    target: string,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await fetchImpl(target, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: signal ?? null,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw ApiError.local(0, "network_error", "The server cannot be reached.");
    }
    const body: unknown = await readBody(response, signal);
    if (!response.ok) {
      const parsed = apiErrorBodySchema.safeParse(body);
      if (parsed.success) {
        throw ApiError.fromBody(response.status, parsed.data);
      }
      throw ApiError.local(response.status, "http_error", `HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      console.error(`Unexpected answer from ${target}`, parsed.error.issues);
      throw ApiError.local(response.status, "invalid_response", `Unexpected answer from ${target}.`);
    }
    return parsed.data as z.output<S>;
  }

  function proposalParams(query: ProposalQuery): Params {
    return {
      campaign: query.campaign,
      theme: query.theme,
      district: query.district,
      area: query.area,
      status: query.status,
      search: query.search,
      bbox: query.bbox ? query.bbox.join(",") : null,
      min_supports: query.minSupports,
    };
  }

  /** The API's `next` links are absolute; keep their path and query so they go through our origin. */
  function samePathAndQuery(link: string): string {
    const parsed = new URL(link, origin);
    return `${parsed.pathname}${parsed.search}`;
  }

  return {
    districts: (level, signal) => get(url("districts/", { level }), districtCollectionSchema, signal),
    campaigns: (query = {}, signal) =>
      get(url("campaigns/", { ...query, page_size: 100 }), campaignListSchema, signal),
    currentCampaign: (screen, signal) =>
      get(url("campaigns/current/", { screen }), campaignSchema, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === "no_current_campaign") return null;
        throw error;
      }),
    campaign: (slug, signal) => get(url(`campaigns/${encodeURIComponent(slug)}/`), campaignSchema, signal),
    themes: (signal) => get(url("themes/"), themeListSchema, signal),
    proposalPage: (query, page, signal) =>
      get(
        url("proposals/", { ...proposalParams(query), page, page_size: PAGE_SIZE }),
        proposalPageSchema,
        signal,
      ),
    async proposals(query, options = {}) {
      const maxItems = options.maxItems ?? 5000;
      let target: string | null = url("proposals/", {
        ...proposalParams(query),
        page_size: PAGE_SIZE,
      });
      const items: Proposal[] = [];
      let count = 0;
      while (target !== null && items.length < maxItems) {
        const page: ProposalPage = await get(target, proposalPageSchema, options.signal);
        count = page.count;
        items.push(...page.features);
        target = page.next ? samePathAndQuery(page.next) : null;
      }
      const kept = items.slice(0, maxItems);
      return { items: kept, count, truncated: count > kept.length };
    },
    mapProposals: (query, signal) =>
      get(url("map/proposals/", proposalParams(query)), mapCollectionSchema, signal),
    mapTile: (query, [z, x, y], signal) =>
      get(
        url(`map/proposals/tiles/${z}/${x}/${y}/`, { ...proposalParams(query), bbox: null }),
        mapTileSchema,
        signal,
      ),
    mapProjects: (query, signal) =>
      get(
        url("map/projects/", {
          campaign: query.campaign,
          theme: query.theme,
          search: query.search,
          area: query.district ? areaOfArrondissement(query.district) : null,
        }),
        projectMapCollectionSchema,
        signal,
      ),
    geocode: (q, limit = 5, signal) => get(url("geocode/", { q, limit }), geocodeAnswerSchema, signal),
    async me(signal) {
      try {
        return await get(url("me/"), meSchema, signal);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          return null;
        }
        throw error;
      }
    },
  };
}
