import { describe, expect, it, vi } from "vitest";
import { ApiError, createApi, isAbort, type FetchLike } from "./client";
import errorBody from "./fixtures/error-400.json";
import page1 from "./fixtures/proposals-page1.json";
import page2 from "./fixtures/proposals-page2.json";
import themes from "./fixtures/themes.json";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

function fakeFetch(routes: Record<string, () => Response>): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const impl = vi.fn((input: string) => {
    calls.push(input);
    const path = input.split("?")[0] ?? input;
    const route = routes[input] ?? routes[path];
    return Promise.resolve(
      route ? route() : json({ status: 404, code: "not_found", message: "Not found.", errors: {} }, 404),
    );
  });
  return Object.assign(impl, { calls });
}

describe("createApi", () => {
  it("builds query strings without empty parameters", async () => {
    const fetch = fakeFetch({ "/api/v1/proposals/": () => json(page2) });
    const api = createApi(fetch);
    await api.proposalPage(
      { campaign: "bp-2026", theme: null, district: "", bbox: [2.3, 48.8, 2.4, 48.9] },
      1,
    );
    expect(fetch.calls[0]).toBe(
      "/api/v1/proposals/?campaign=bp-2026&bbox=2.3%2C48.8%2C2.4%2C48.9&page=1&page_size=1000",
    );
  });

  it("follows `next` links through the same origin and gathers every page", async () => {
    const fetch = fakeFetch({
      "/api/v1/proposals/?campaign=bp-2026&page_size=1000": () => json(page1),
      "/api/v1/proposals/?campaign=bp-2026&page=2&page_size=2": () => json(page2),
    });
    const api = createApi(fetch);
    const list = await api.proposals({ campaign: "bp-2026" });
    expect(list.items.map((p) => p.id)).toEqual([12, 13, 14]);
    expect(list.count).toBe(3);
    expect(list.truncated).toBe(false);
    expect(fetch.calls).toHaveLength(2);
  });

  it("stops at maxItems and says the list is truncated", async () => {
    const fetch = fakeFetch({ "/api/v1/proposals/": () => json(page1) });
    const list = await createApi(fetch).proposals({}, { maxItems: 1 });
    expect(list.items).toHaveLength(1);
    expect(list.truncated).toBe(true);
    expect(fetch.calls).toHaveLength(1);
  });

  it("throws the API's error body as an ApiError", async () => {
    const fetch = fakeFetch({ "/api/v1/proposals/": () => json(errorBody, 400) });
    const error = await createApi(fetch)
      .proposalPage({}, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "invalid", errors: { bbox: [expect.any(String)] } });
  });

  it("throws invalid_response when an answer does not match its schema", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const fetch = fakeFetch({ "/api/v1/themes/": () => json({ unexpected: true }) });
    await expect(createApi(fetch).themes()).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("rejects with an abort, and says nothing, when the page is left while the body is read", async () => {
    const controller = new AbortController();
    const said = vi.spyOn(console, "error").mockImplementation(() => undefined);
    said.mockClear(); // an earlier test's spy on console.error is the same one
    const api = createApi(() =>
      Promise.resolve({
        ok: true,
        status: 200,
        json: () => {
          controller.abort();
          return Promise.reject(new DOMException("The operation was aborted.", "AbortError"));
        },
      } as unknown as Response),
    );
    const error: unknown = await api.themes(controller.signal).catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    expect(said).not.toHaveBeenCalled();
  });

  it("reports a network failure as network_error", async () => {
    const api = createApi(() => Promise.reject(new TypeError("Failed to fetch")));
    await expect(api.themes()).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("reads themes and answers null for /me/ when signed out", async () => {
    const fetch = fakeFetch({
      "/api/v1/themes/": () => json(themes),
      "/api/v1/me/": () => json({ status: 403, code: "not_authenticated", message: "No.", errors: {} }, 403),
    });
    const api = createApi(fetch);
    expect(await api.themes()).toHaveLength(3);
    expect(await api.me()).toBeNull();
  });
});
