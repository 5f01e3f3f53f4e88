/** The API as the application uses it: same origin, `/api/v1/` unless VITE_API_BASE says otherwise. */
import { createApi } from "./client";

const base = (import.meta.env.VITE_API_BASE as string | undefined) ?? "/api/v1/";

export const api = createApi((input, init) => fetch(input, init), base, window.location.origin);

export { ApiError, isAbort, createApi, PAGE_SIZE } from "./client";
export type { Api, ProposalList, ProposalQuery, TileKey } from "./client";
export type * from "./schemas";
/** The API's own types and validators, generated from its OpenAPI schema. */
export type { components, paths } from "./generated/openapi";
export * as schemas from "./generated/zod";
