import { describe, expect, it } from "vitest";
import { areaChoices, roleBody } from "./roles.change";

describe("roleBody", () => {
  it("needs an area for an official", () => {
    expect(roleBody("official", [], "")).toEqual({ ok: false, field: "areas" });
  });
  it("sends the official's areas once, sorted, with the reason", () => {
    expect(roleBody("official", ["paris-13", "paris-05", "paris-13"], " arrivée ")).toEqual({
      ok: true,
      body: { role: "official", areas: ["paris-05", "paris-13"], reason: "arrivée" },
    });
  });
  it("drops areas for other roles", () => {
    expect(roleBody("administrator", ["paris-05"], "")).toEqual({
      ok: true,
      body: { role: "administrator", areas: [] },
    });
  });
});

describe("areaChoices", () => {
  it("lists each area once", () => {
    const campaigns = [
      {
        areas: [
          { code: "paris", name: "Paris" },
          { code: "paris-05", name: "5e" },
        ],
      },
      {
        areas: [
          { code: "paris-05", name: "5e" },
          { code: "paris-13", name: "13e" },
        ],
      },
    ];
    expect(areaChoices(campaigns).map((a) => a.code)).toEqual(["paris", "paris-05", "paris-13"]);
  });
});
