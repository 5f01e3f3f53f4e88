import { describe, expect, it } from "vitest";
import * as decl from "./declaration";

const area = (code: string, name: string, kind: "city" | "arrondissements" = "arrondissements") => ({
  code,
  name,
  kind,
});

describe("votingCampaigns", () => {
  it("keeps the campaigns in their voting phase only", () => {
    const campaigns = [
      { slug: "a", current_phase: "submission" as const },
      { slug: "b", current_phase: "voting" as const },
      { slug: "c", current_phase: "results" as const },
    ];
    expect(decl.votingCampaigns(campaigns).map((c) => c.slug)).toEqual(["b"]);
  });
});

describe("heartAreas", () => {
  it("lists the arrondissement ballots in natural order, without the city-wide one", () => {
    const areas = [
      area("paris", "Tout Paris", "city"),
      area("paris-19", "19e arrondissement"),
      area("paris-centre", "Paris Centre"),
      area("paris-05", "5e arrondissement"),
    ];
    expect(decl.heartAreas(areas).map((a) => a.code)).toEqual(["paris-05", "paris-19", "paris-centre"]);
  });
});

describe("declarationBody", () => {
  it("sends the home area as null and tidies the texts", () => {
    expect(
      decl.declarationBody({
        full_name: "  Léa   Martin ",
        birth_date: "1990-05-17",
        address: " 12 rue Mouffetard ",
        heart_area: "",
      }),
    ).toEqual({
      full_name: "Léa Martin",
      birth_date: "1990-05-17",
      address: "12 rue Mouffetard",
      heart_area: null,
    });
  });

  it("sends a chosen arrondissement de cœur by its code", () => {
    const body = decl.declarationBody({
      full_name: "",
      birth_date: "2001-01-02",
      address: "1 rue Lepic",
      heart_area: "paris-18",
    });
    expect(body.heart_area).toBe("paris-18");
  });
});

describe("declarationLock", () => {
  const declaration = (status: "pending" | "checked" | "refused") => ({
    birth_date: "1990-05-17",
    address: "12 rue Mouffetard",
    address_label: "12 Rue Mouffetard 75005 Paris",
    home_arrondissement: "5e arrondissement",
    heart_area: area("paris-05", "5e arrondissement"),
    status,
  });
  const ballot = (voted: "online" | "paper" | null) => ({
    area: area("paris-05", "5e arrondissement"),
    envelope: null,
    reserved_amount: null,
    voted,
    can: { vote: voted === null, replace: false, reason: null, message: null },
  });

  it("is open with no declaration, or a pending or checked one, before voting", () => {
    expect(decl.declarationLock({ declaration: null, areas: [ballot(null)] })).toBe("none");
    expect(decl.declarationLock({ declaration: declaration("checked"), areas: [ballot(null)] })).toBe("none");
  });

  it("is closed once refused or once voted, online or on paper", () => {
    expect(decl.declarationLock({ declaration: declaration("refused"), areas: [ballot(null)] })).toBe(
      "refused",
    );
    expect(
      decl.declarationLock({ declaration: declaration("pending"), areas: [ballot(null), ballot("paper")] }),
    ).toBe("voted");
  });
});

describe("voteReason", () => {
  it("knows the API's reasons and nothing else", () => {
    expect(decl.voteReason("declaration_missing")).toBe("declaration_missing");
    expect(decl.voteReason("email_not_verified")).toBe("email_not_verified");
    expect(decl.voteReason("something_new")).toBeNull();
    expect(decl.voteReason(null)).toBeNull();
  });
});

describe("birthDateBounds", () => {
  it("goes up to yesterday, across a month and a year", () => {
    expect(decl.birthDateBounds(new Date(2026, 0, 1))).toEqual({ min: "1896-01-01", max: "2025-12-31" });
    expect(decl.birthDateBounds(new Date(2026, 2, 15)).max).toBe("2026-03-14");
  });
});
