import { describe, expect, it } from "vitest";
import { projectPatch } from "./projects.edit";

const before = { title: "Un jardin", description: "Un jardin partagé pour le quartier.", cost: 12000 };

describe("projectPatch", () => {
  it("sends only what changed, with the reason", () => {
    expect(
      projectPatch(before, {
        title: "Un jardin ",
        description: before.description,
        cost: "15 000",
        reason: " devis ",
      }),
    ).toEqual({
      ok: true,
      changed: true,
      body: { cost: 15000, reason: "devis" },
    });
  });
  it("says when nothing changed", () => {
    expect(
      projectPatch(before, {
        title: "Un jardin",
        description: before.description,
        cost: "12000",
        reason: "x",
      }),
    ).toEqual({
      ok: true,
      changed: false,
      body: {},
    });
  });
  it("refuses a cost that is not a positive whole number", () => {
    expect(projectPatch(before, { title: "a", description: "b", cost: "12,5", reason: "" })).toEqual({
      ok: false,
      field: "cost",
    });
    expect(projectPatch(before, { title: "a", description: "b", cost: "", reason: "" })).toEqual({
      ok: false,
      field: "cost",
    });
  });
});
