/**
 * zod schemas for the API's answers (`/api/v1/`). Every response is parsed here, at the edge,
 * so the rest of the application can trust these types. Fields the front end does not need yet
 * are left out (zod drops unknown keys); enumerations that the API may grow (phases, statuses)
 * are plain strings so a new value never breaks the page.
 */
import { z } from "zod";

/** A GeoJSON position: [longitude, latitude] (an optional altitude is dropped). */
const position = z
  .array(z.number())
  .min(2)
  .transform((p): [number, number] => [p[0] as number, p[1] as number]);

export const pointSchema = z.object({
  type: z.literal("Point"),
  coordinates: position,
});

const polygonSchema = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(z.array(position)),
});

const multiPolygonSchema = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(z.array(z.array(position))),
});

/** Polygons and multipolygons, always returned as a list of polygons (rings of [lon, lat]). */
export const areaGeometrySchema = z
  .discriminatedUnion("type", [polygonSchema, multiPolygonSchema])
  .transform((g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates));

const codeName = z.object({ code: z.string(), name: z.string() });

// --- /districts/ -------------------------------------------------------------------------------

export const districtLevelSchema = z.enum(["arrondissement", "quartier"]);

export const districtFeatureSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.union([z.number(), z.string()]),
    geometry: areaGeometrySchema,
    properties: z.object({
      code: z.string(),
      name: z.string(),
      official_name: z.string().nullish(),
      level: districtLevelSchema,
      number: z.number().int(),
      parent: z.string().nullish(),
    }),
  })
  .transform((f) => ({
    id: f.id,
    code: f.properties.code,
    name: f.properties.name,
    officialName: f.properties.official_name ?? "",
    level: f.properties.level,
    number: f.properties.number,
    parent: f.properties.parent ?? null,
    polygons: f.geometry,
  }));

export const districtCollectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(districtFeatureSchema),
  })
  .transform((c) => c.features);

// --- /campaigns/ and /themes/ --------------------------------------------------------------------

export const campaignSchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z
    .string()
    .nullish()
    .transform((d) => d ?? ""),
  submission_start: z.string(),
  submission_end: z.string(),
  current_phase: z.string(),
  areas: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })).default([]),
});

/** Lists may come paginated (`{count, next, previous, results}`) or bare; both give the items. */
function listOf<T extends z.ZodTypeAny>(item: T) {
  return z.union([
    z.array(item),
    z
      .object({
        count: z.number().int().optional(),
        next: z.string().nullish(),
        previous: z.string().nullish(),
        results: z.array(item),
      })
      .transform((page) => page.results),
  ]);
}

export const campaignListSchema = listOf(campaignSchema);

export const themeSchema = z.object({
  slug: z.string(),
  name: z.string(),
  name_en: z
    .string()
    .nullish()
    .transform((n) => n ?? ""),
});

export const themeListSchema = listOf(themeSchema);

// --- /proposals/ ---------------------------------------------------------------------------------

export const proposalFeatureSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.number().int(),
    geometry: pointSchema.nullable(),
    properties: z.object({
      title: z.string(),
      description: z.string().nullish(),
      theme: z.object({ slug: z.string(), name: z.string() }),
      status: z.string(),
      location_status: z.string(),
      address: z.string().nullish(),
      campaign: z.string(),
      district: codeName.nullable().optional(),
      quartier: codeName.nullable().optional(),
      area: codeName.nullable().optional(),
      created_at: z.string(),
      can: z.object({ edit: z.boolean(), withdraw: z.boolean() }).default({ edit: false, withdraw: false }),
    }),
  })
  .transform((f) => ({
    id: f.id,
    title: f.properties.title,
    description: f.properties.description ?? "",
    theme: f.properties.theme,
    status: f.properties.status,
    locationStatus: f.properties.location_status,
    address: f.properties.address ?? "",
    campaign: f.properties.campaign,
    district: f.properties.district ?? null,
    quartier: f.properties.quartier ?? null,
    area: f.properties.area ?? null,
    createdAt: f.properties.created_at,
    can: f.properties.can,
    /** [latitude, longitude], Leaflet's order; null while the proposal is not placed. */
    latLng: f.geometry ? ([f.geometry.coordinates[1], f.geometry.coordinates[0]] as [number, number]) : null,
  }));

export const proposalPageSchema = z.object({
  type: z.literal("FeatureCollection"),
  count: z.number().int(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  features: z.array(proposalFeatureSchema),
});

// --- /geocode/ -----------------------------------------------------------------------------------

export const geocodeResultSchema = z
  .object({
    label: z.string(),
    score: z.number(),
    kind: z.string().nullish(),
    postcode: z.string().nullish(),
    location: pointSchema,
    arrondissement: codeName.nullable().optional(),
  })
  .transform((r) => ({
    label: r.label,
    score: r.score,
    kind: r.kind ?? "",
    postcode: r.postcode ?? "",
    latLng: [r.location.coordinates[1], r.location.coordinates[0]] as [number, number],
    arrondissement: r.arrondissement ?? null,
  }));

export const geocodeAnswerSchema = z.object({
  query: z.string(),
  results: z.array(geocodeResultSchema),
});

// --- errors and /me/ -----------------------------------------------------------------------------

/** The API's one error contract. */
export const apiErrorBodySchema = z.object({
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  errors: z.record(z.array(z.string())).default({}),
});

export const meSchema = z
  .object({
    email: z.string().optional(),
    display_name: z.string().nullish(),
  })
  .passthrough();

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
