import { describe, expect, it } from "vitest";
import { milestoneForm, servicesFromText, statePatch } from "./deliveries.form";

describe("servicesFromText", () => {
  it("keeps one service per non-empty line, in order, without repeats", () => {
    expect(servicesFromText(" DEVE \n\nDVD\r\nDEVE\n")).toEqual(["DEVE", "DVD"]);
  });
});

describe("statePatch", () => {
  const base = {
    status: "in_progress",
    abandonReason: "",
    abandonReasonEn: "",
    budgetSpent: "12 500",
    services: "DEVE",
    address: " Rue Mouffetard ",
  };
  it("sends the budget as a whole number and the address trimmed", () => {
    expect(statePatch(base)).toEqual({
      status: "in_progress",
      budget_spent: 12500,
      services: ["DEVE"],
      address: "Rue Mouffetard",
    });
  });
  it("sends a reason only with an abandon", () => {
    expect(statePatch({ ...base, abandonReason: "x" })).not.toHaveProperty("abandon_reason");
    expect(
      statePatch({ ...base, status: "abandoned", abandonReason: " Terrain indisponible " }),
    ).toMatchObject({
      abandon_reason: "Terrain indisponible",
    });
  });
  it("sends a budget that is not a number as typed, for the API to name the field", () => {
    expect(statePatch({ ...base, budgetSpent: "-3" }).budget_spent).toBe("-3");
  });
});

describe("milestoneForm", () => {
  it("pairs each photo with its alternative text, in order", () => {
    const a = new File(["a"], "a.jpg", { type: "image/jpeg" });
    const b = new File(["b"], "b.png", { type: "image/png" });
    const form = milestoneForm({
      date: "2026-11-20",
      kind: "works",
      text: "Travaux",
      textEn: "",
      photos: [
        { file: a, alt: "Le chantier", altEn: "" },
        { file: b, alt: "Les bancs", altEn: "The benches" },
      ],
    });
    expect(form.get("date")).toBe("2026-11-20");
    expect(form.has("text_en")).toBe(false);
    expect(form.getAll("photos").map((f) => (f as File).name)).toEqual(["a.jpg", "b.png"]);
    expect(form.getAll("alts")).toEqual(["Le chantier", "Les bancs"]);
    expect(form.getAll("alts_en")).toEqual(["", "The benches"]);
  });
  it("sends no English texts when none is given", () => {
    const form = milestoneForm({
      date: "2026-01-01",
      kind: "news",
      text: "x",
      textEn: "",
      photos: [{ file: new File(["a"], "a.jpg"), alt: "A", altEn: "" }],
    });
    expect(form.has("alts_en")).toBe(false);
  });
});
