/**
 * One way to call any API operation from a screen: `request(method, path, { schema, body, query })`
 * sends JSON (or a FormData for uploads) with the session cookie and the CSRF token, validates the
 * answer with a generated zod schema, and throws an `ApiError` carrying the API's error body
 * (`{status, code, message, errors}`) otherwise. `path` is relative to the API root (`/api/v1/`).
 */
import type { z } from "zod";
import { ApiError, isAbort, readBody } from "./client";
import { Error as apiErrorSchema } from "./generated/zod";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions<S extends z.ZodTypeAny> {
  /** Validates the answer; omit for answers without a body (204) or when it is not used. */
  schema?: S;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

const API_ROOT = ((import.meta.env.VITE_API_BASE as string | undefined) ?? "/api/v1/").replace(/\/?$/, "/");

export function apiUrl(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return `${API_ROOT}${path.replace(/^\//, "")}${text ? `?${text}` : ""}`;
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

let csrfFetch: Promise<string> | null = null;

/** The CSRF token: from the cookie the page set, or asked once from `auth/csrf/`. */
async function csrfToken(): Promise<string> {
  const cookie = readCookie("csrftoken");
  if (cookie) return cookie;
  csrfFetch ??= fetch(apiUrl("auth/csrf/"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then((r) => r.json() as Promise<{ csrf_token: string }>)
    .then((b) => b.csrf_token)
    .finally(() => {
      csrfFetch = null;
    });
  return csrfFetch;
}

export async function request<S extends z.ZodTypeAny>(
  method: Method,
  path: string,
  options: RequestOptions<S> = {},
): Promise<z.output<S>> {
  const target = apiUrl(path, options.query);
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (method !== "GET") {
    headers["X-CSRFToken"] = await csrfToken();
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method,
      headers,
      body: body ?? null,
      credentials: "same-origin",
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw ApiError.local(0, "network_error", "The server cannot be reached.");
  }
  const payload: unknown = response.status === 204 ? null : await readBody(response, options.signal);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(payload);
    if (parsed.success) {
      throw ApiError.fromBody(response.status, parsed.data);
    }
    throw ApiError.local(response.status, "http_error", `HTTP ${response.status}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- no schema: the caller ignores the body
  if (!options.schema) return payload as z.output<S>;
  const parsed = options.schema.safeParse(payload);
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${target}`, parsed.error.issues);
    throw ApiError.local(response.status, "invalid_response", `Unexpected answer from ${target}.`);
  }
  return parsed.data as z.output<S>;
}
