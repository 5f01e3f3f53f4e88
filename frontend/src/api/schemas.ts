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
export type GeocodeResult = z.output<typeof geocodeResultSchema>;
export type GeocodeAnswer = z.output<typeof geocodeAnswerSchema>;
export type ApiErrorBody = z.output<typeof apiErrorBodySchema>;
export type Me = z.output<typeof meSchema>;
export type LatLng = [number, number];
