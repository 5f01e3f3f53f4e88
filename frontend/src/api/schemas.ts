/**
 * The API's answers (`/api/v1/`) as the application uses them. Every response is validated here,
 * at the edge, by the validators generated from the back end's OpenAPI schema
 * (`./generated/zod.ts`, `npm run gen:api`): nothing about the API's shapes is written by hand.
 * This module only turns the validated answers into the application's own types (GeoJSON
 * features into plain objects with Leaflet `[lat, lng]` positions, lists into arrays).
 */
import { z } from "zod";
import * as api from "./generated/zod";

/** A GeoJSON position [longitude, latitude] as Leaflet's [latitude, longitude]. */
function latLng(coordinates: number[]): LatLng {
  return [coordinates[1] as number, coordinates[0] as number];
}

/** A GeoJSON position [longitude, latitude] (an optional altitude is dropped). */
function lonLat(coordinates: number[]): [number, number] {
  return [coordinates[0] as number, coordinates[1] as number];
}

// --- /districts/ -------------------------------------------------------------------------------

export const districtLevelSchema = api.DistrictFeature.shape.properties.shape.level;

export const districtFeatureSchema = api.DistrictFeature.transform((f) => ({
  id: f.id,
  code: f.properties.code,
  name: f.properties.name,
  officialName: f.properties.official_name ?? "",
  level: f.properties.level,
  number: f.properties.number,
  parent: f.properties.parent,
  /** Polygons as rings of [lon, lat]. */
  polygons: f.geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(lonLat))),
}));

export const districtCollectionSchema = api.DistrictFeatureList.extend({
  features: z.array(districtFeatureSchema),
}).transform((c) => c.features);

// --- /campaigns/ and /themes/ --------------------------------------------------------------------

export const campaignSchema = api.CampaignOutput.transform((c) => ({
  ...c,
  description: c.description ?? "",
}));

export const campaignListSchema = api.PaginatedCampaignOutputList.extend({
  results: z.array(campaignSchema),
}).transform((page) => page.results);

export const themeSchema = api.ThemeOutput.transform((t) => ({ ...t, name_en: t.name_en ?? "" }));

export const themeListSchema = z.array(themeSchema);

// --- /proposals/ ---------------------------------------------------------------------------------

export const proposalFeatureSchema = api.ProposalFeature.transform((f) => ({
  id: f.id,
  title: f.properties.title,
  description: f.properties.description,
  theme: f.properties.theme,
  status: f.properties.status,
  locationStatus: f.properties.location_status,
  address: f.properties.address,
  campaign: f.properties.campaign,
  district: f.properties.district,
  quartier: f.properties.quartier,
  area: f.properties.area,
  createdAt: f.properties.created_at,
  can: f.properties.can,
  /** [latitude, longitude], Leaflet's order; null while the proposal is not placed. */
  latLng: f.geometry ? latLng(f.geometry.coordinates) : null,
}));

export const proposalPageSchema = api.PaginatedProposalFeatureList.extend({
  features: z.array(proposalFeatureSchema),
}).transform((page) => ({
  count: page.count,
  next: page.next ?? null,
  previous: page.previous ?? null,
  features: page.features,
}));

// --- /map/proposals/ (the map's lean path) --------------------------------------------------------

/** What the map and the list beside it know of a proposal: enough to draw, filter and name it. */
export const mapItemSchema = api.ProposalMapFeature.transform((f) => ({
  id: f.id,
  title: f.properties.title,
  /** The theme's slug. */
  theme: f.properties.theme,
  status: f.properties.status,
  /** The arrondissement's INSEE code (75101…75120), or null. */
  district: f.properties.district,
  /** The ballot project it is part of. */
  project: f.properties.project,
  latLng: latLng(f.geometry.coordinates),
  kind: "proposal" as "proposal" | "project",
  /** A project's cost in euros (null for proposals). */
  cost: null as number | null,
}));

/** How many features of a map answer go through the generated validator (the contract check). */
export const MAP_SAMPLE = 200;
const STATUSES: ReadonlySet<string> = new Set(api.StatusEnum.options);

/**
 * The same checks as `ProposalMapFeature`, written out for speed: a city-wide map holds 20,000
 * features, which the generated validator takes most of a second to walk on a phone. The first
 * `MAP_SAMPLE` features still go through the generated validator, so a change of the contract
 * fails here as anywhere else; every feature goes through this one.
 */
function isMapFeature(f: unknown): f is z.input<typeof api.ProposalMapFeature> {
  if (typeof f !== "object" || f === null) return false;
  const { type, id, geometry, properties: p } = f as Record<string, unknown>;
  if (type !== "Feature" || !Number.isInteger(id)) return false;
  if (typeof geometry !== "object" || geometry === null) return false;
  const { type: kind, coordinates: c } = geometry as Record<string, unknown>;
  if (kind !== "Point" || !Array.isArray(c) || c.length !== 2) return false;
  if (typeof c[0] !== "number" || typeof c[1] !== "number") return false;
  if (typeof p !== "object" || p === null) return false;
  const { title, theme, status, district, project, supports } = p as Record<string, unknown>;
  return (
    Number.isInteger(supports) &&
    typeof title === "string" &&
    typeof theme === "string" &&
    typeof status === "string" &&
    STATUSES.has(status) &&
    (district === null || typeof district === "string") &&
    (project === null || Number.isInteger(project))
  );
}

export const mapCollectionSchema = api.ProposalMapCollection.extend({
  features: z.array(z.unknown()),
})
  .superRefine((c, context) => {
    const sample = z.array(api.ProposalMapFeature).safeParse(c.features.slice(0, MAP_SAMPLE));
    if (!sample.success) for (const issue of sample.error.issues) context.addIssue(issue);
    const bad = c.features.findIndex((f) => !isMapFeature(f));
    if (bad >= 0)
      context.addIssue({ code: "custom", path: ["features", bad], message: "Not a map feature." });
  })
  .transform((c): { count: number; items: MapItem[] } => ({
    count: c.count,
    items: (c.features as z.input<typeof api.ProposalMapFeature>[]).map((f) => ({
      id: f.id,
      title: f.properties.title,
      theme: f.properties.theme,
      status: f.properties.status,
      district: f.properties.district,
      project: f.properties.project,
      latLng: [f.geometry.coordinates[1], f.geometry.coordinates[0]] as LatLng,
      kind: "proposal" as const,
      cost: null,
      supports: f.properties.supports,
    })),
  }));

/** A server-side cluster of a map tile (ADR 0008): how many proposals, where, and their extent. */
export interface MapCluster {
  count: number;
  latLng: LatLng;
  /** [west, south, east, north]: where a click on the cluster zooms to. */
  bbox: [number, number, number, number];
}

export interface MapTile {
  count: number;
  clusters: MapCluster[];
  items: MapItem[];
}

export const mapTileSchema = api.ProposalTileCollection.transform((c): MapTile => {
  const clusters: MapCluster[] = [];
  const items: MapItem[] = [];
  for (const f of c.features) {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties;
    if (f.id === undefined || p.title === undefined || p.theme === undefined || p.status === undefined) {
      const [west, south, east, north] = p.bbox ?? [lng, lat, lng, lat];
      clusters.push({
        count: p.count,
        latLng: [lat, lng],
        bbox: [west ?? lng, south ?? lat, east ?? lng, north ?? lat],
      });
    } else {
      items.push({
        id: f.id,
        title: p.title,
        theme: p.theme,
        status: p.status,
        district: p.district ?? null,
        project: p.project ?? null,
        latLng: [lat, lng],
        kind: "proposal",
        cost: null,
      });
    }
  }
  return { count: c.count, clusters, items };
});

/** "paris-05" → "75105": a ballot area's arrondissement, for naming the place like a proposal's. */
function areaDistrict(area: string): string | null {
  const match = /^paris-(\d\d)$/.exec(area);
  return match ? `751${match[1] as string}` : null;
}

/** The ballot projects of the map (`GET /map/projects/`), as map items of kind "project". */
export const projectMapCollectionSchema = api.ProjectMapCollection.transform(
  (c): { count: number; items: MapItem[] } => ({
    count: c.count,
    items: c.features.map((f) => ({
      id: f.id,
      title: f.properties.title,
      theme: f.properties.theme ?? "",
      // Projects are made of accepted proposals: on the map they are what is on the ballot.
      status: "accepted",
      district: areaDistrict(f.properties.area),
      project: null,
      latLng: [f.geometry.coordinates[1] as number, f.geometry.coordinates[0] as number],
      kind: "project",
      cost: f.properties.cost,
    })),
  }),
);

// --- /geocode/ -----------------------------------------------------------------------------------

export const geocodeResultSchema = api.GeocodeResult.transform((r) => ({
  label: r.label,
  score: r.score,
  kind: r.kind,
  postcode: r.postcode,
  latLng: latLng(r.location.coordinates),
  arrondissement: r.arrondissement,
}));

export const geocodeAnswerSchema = api.GeocodeAnswer.extend({
  results: z.array(geocodeResultSchema),
});

// --- errors and /me/ -----------------------------------------------------------------------------

/** The API's one error contract. */
export const apiErrorBodySchema = api.Error;

export const meSchema = api.UserOutput;

export type District = z.output<typeof districtFeatureSchema>;
export type DistrictLevel = z.output<typeof districtLevelSchema>;
export type Campaign = z.output<typeof campaignSchema>;
export type Theme = z.output<typeof themeSchema>;
export type Proposal = z.output<typeof proposalFeatureSchema>;
export type ProposalPage = z.output<typeof proposalPageSchema>;
export type MapItem = z.output<typeof mapItemSchema> & {
  /** « Je soutiens »: how many (the lean path's proposals; absent for projects and tiles). */
  supports?: number | null;
};
export type GeocodeResult = z.output<typeof geocodeResultSchema>;
export type GeocodeAnswer = z.output<typeof geocodeAnswerSchema>;
export type ApiErrorBody = z.output<typeof apiErrorBodySchema>;
export type Me = z.output<typeof meSchema>;
export type LatLng = [number, number];
