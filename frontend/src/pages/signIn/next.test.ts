import { describe, expect, it } from "vitest";
import { safeNext, withNext } from "./next";

const ORIGIN = "https://budget.example.org";

describe("safeNext", () => {
  it("keeps a path of the site, with its query and hash", () => {
    expect(safeNext("/compte", ORIGIN)).toBe("/compte");
    expect(safeNext("/voter/bp-2026?area=paris-05#ballot", ORIGIN)).toBe(
      "/voter/bp-2026?area=paris-05#ballot",
    );
    expect(safeNext("/propositions/12", ORIGIN)).toBe("/propositions/12");
  });

  it("goes to the map without a next", () => {
    expect(safeNext(null, ORIGIN)).toBe("/");
    expect(safeNext(undefined, ORIGIN)).toBe("/");
    expect(safeNext("", ORIGIN)).toBe("/");
  });

  it.each([
    "https://evil.example.com/compte",
    "//evil.example.com/compte",
    "/\\evil.example.com",
    "\\\\evil.example.com",
    "javascript:alert(1)",
    "compte",
    "/%0d%0a//evil.example.com",
    "/\t/evil.example.com",
    " /compte",
  ])("refuses %s", (raw) => {
    const next = safeNext(raw, ORIGIN);
    expect(next.startsWith("/")).toBe(true);
    expect(new URL(next, ORIGIN).origin).toBe(ORIGIN);
    expect(next === "/" || next.startsWith("/%0d")).toBe(true);
  });

  // Values that a browser or the URL parser normalise into another site: each must give a
  // path of this site that starts with a single "/" (the map, or a harmless path of the site).
  it.each([
    "/..//evil.example/x",
    "/../..//evil.example/x",
    "/./..//evil.example/x",
    "/%2e%2e//evil.example/x",
    "/%2E%2E//evil.example/x",
    "/.%2e//evil.example/x",
    "/compte/..//..//evil.example/x",
    "/%2F%2Fevil.example/x",
    "%2F%2Fevil.example/x",
    "/\\evil.example/x",
    "\\/evil.example/x",
    "/\tevil.example",
    "/\n/evil.example/x",
    "/\r\n/evil.example/x",
    "\t//evil.example/x",
    "/\u0000/evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    "http://budget.example.org@evil.example/",
    "/@evil.example",
    "///evil.example/x",
    "/.//evil.example/x",
    "/ /evil.example",
  ])("keeps %j on this site", (raw) => {
    const next = safeNext(raw, ORIGIN);
    expect(next).toMatch(/^\/(?![/\\])/);
    const url = new URL(next, ORIGIN);
    expect(url.origin).toBe(ORIGIN);
    expect(url.host).toBe("budget.example.org");
    // The link a page would show resolves on this site too.
    expect(new URL(next, "https://budget.example.org/connexion?next=x").host).toBe("budget.example.org");
  });

  it("refuses the reported /..//evil.example/x outright", () => {
    expect(safeNext("/..//evil.example/x", ORIGIN)).toBe("/");
    expect(safeNext("/%2e%2e//evil.example/x", ORIGIN)).toBe("/");
  });

  it("never sends back to the API, the admin or the sign-in pages", () => {
    expect(safeNext("/api/v1/me/", ORIGIN)).toBe("/");
    expect(safeNext("/admin/", ORIGIN)).toBe("/");
    expect(safeNext("/connexion", ORIGIN)).toBe("/");
    expect(safeNext("/inscription/", ORIGIN)).toBe("/");
  });
});

describe("withNext", () => {
  it("carries the next path, encoded, except the map", () => {
    expect(withNext("/inscription", "/compte?x=1")).toBe("/inscription?next=%2Fcompte%3Fx%3D1");
    expect(withNext("/inscription", "/")).toBe("/inscription");
  });
});
