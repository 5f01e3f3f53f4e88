import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { isAbort } from "./client";
import { request } from "./request";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("request", () => {
  it("rejects with an abort, and says nothing, when the page is left while the body is read", async () => {
    const controller = new AbortController();
    vi.stubGlobal("fetch", () =>
      Promise.resolve({
        ok: true,
        status: 200,
        json: () => {
          controller.abort();
          return Promise.reject(new DOMException("The operation was aborted.", "AbortError"));
        },
      } as unknown as Response),
    );
    const said = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const error: unknown = await request("GET", "petitions/", {
      schema: z.object({ count: z.number() }),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    expect(said).not.toHaveBeenCalled();
  });

  it("still calls an unreadable body an unexpected answer when nothing was aborted", async () => {
    vi.stubGlobal("fetch", () =>
      Promise.resolve({
        ok: true,
        status: 200,
        json: () => Promise.reject(new SyntaxError("Unexpected end of JSON input")),
      } as unknown as Response),
    );
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await expect(
      request("GET", "petitions/", { schema: z.object({ count: z.number() }) }),
    ).rejects.toMatchObject({
      code: "invalid_response",
    });
  });
});
