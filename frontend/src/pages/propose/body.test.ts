import { describe, expect, it } from "vitest";
import type { Campaign } from "../../api";
import { ProposalInputRequest } from "../../api/generated/zod";
import {
  arrondissementScope,
  openCampaigns,
  proposalBody,
  refusal,
  sortErrors,
  type Draft,
  type Place,
} from "./body";

const mouffetard: Place = {
  latLng: [48.84412345678, 2.34971234567],
  label: "12 Rue Mouffetard 75005 Paris",
  distance: 0,
  arrondissement: { code: "75105", name: "Panthéon" },
  quartier: { code: "7510518", name: "Jardin-des-Plantes" },
};

const draft: Draft & { place: Place } = {
  campaign: "bp-2026",
  title: "  Un jardin partagé  ",
  description: "Un jardin partagé pour le quartier, ouvert à tous. ",
  theme: "environnement",
  scope: "arrondissement",
  place: mouffetard,
};

describe("proposalBody", () => {
  it("sends a GeoJSON point as [longitude, latitude] with the address, and passes the API's own validator", () => {
    const body = proposalBody(draft);
    expect(body.location).toEqual({ type: "Point", coordinates: [2.3497123, 48.8441235] });
    expect(body.address).toBe("12 Rue Mouffetard 75005 Paris");
    expect(body.title).toBe("Un jardin partagé");
    expect(body.description).toBe("Un jardin partagé pour le quartier, ouvert à tous.");
    expect(body.campaign).toBe("bp-2026");
    expect(body.scope).toBe("arrondissement");
    expect(ProposalInputRequest.safeParse(body).success).toBe(true);
  });

  it("leaves the address out when the pin is far from the nearest one", () => {
    expect(proposalBody({ ...draft, place: { ...mouffetard, distance: 12 } }).address).toBe(
      "12 Rue Mouffetard 75005 Paris",
    );
    expect(proposalBody({ ...draft, place: { ...mouffetard, distance: 80 } }).address).toBe("");
  });
});

describe("sortErrors", () => {
  it("sends location and address errors to the place, the others to the form", () => {
    const sorted = sortErrors({
      location: ["This point is outside Paris."],
      "location.coordinates": ["Invalid."],
      address: ["No such address."],
      title: ["At least 5 characters (without HTML)."],
      non_field: ["Something else."],
    });
    expect(sorted.place).toEqual(["This point is outside Paris.", "Invalid.", "No such address."]);
    expect(sorted.form).toEqual({
      title: ["At least 5 characters (without HTML)."],
      non_field: ["Something else."],
    });
  });

  it("gathers nested errors of one form field under its name", () => {
    expect(sortErrors({ "theme.slug": ["Unknown."], theme: ["Required."] }).form).toEqual({
      theme: ["Unknown.", "Required."],
    });
  });
});

describe("refusal", () => {
  it("names the refusals the page explains in its own words", () => {
    expect(refusal(403, "email_not_verified")).toBe("emailNotVerified");
    expect(refusal(429, "limit_reached")).toBe("limitReached");
    expect(refusal(429, "throttled")).toBe("limitReached");
    expect(refusal(409, "submissions_closed")).toBe("closed");
    expect(refusal(403, "not_authenticated")).toBe("signedOut");
    expect(refusal(400, "invalid")).toBeNull();
    expect(refusal(403, "permission_denied")).toBeNull();
  });
});

describe("openCampaigns", () => {
  const campaign = (slug: string, phase: Campaign["current_phase"], propose: boolean) =>
    ({ slug, current_phase: phase, can: { propose } }) as unknown as Campaign;
  it("keeps the campaigns in their submission phase, in the API's order", () => {
    const list = [
      campaign("a", "submission", true),
      campaign("b", "voting", false),
      campaign("c", "review", false),
      campaign("d", "submission", false),
    ];
    expect(openCampaigns(list).map((c) => c.slug)).toEqual(["a", "d"]);
  });
});

describe("the arrondissement scope in words", () => {
  const place = { arrondissement: { code: "75105", name: "Panthéon" } };
  it("says mine only when the place is in the person's home arrondissement", () => {
    expect(arrondissementScope(place, "Panthéon")).toEqual({ kind: "mine", code: "75105", name: "Panthéon" });
    expect(arrondissementScope(place, "Louvre")).toEqual({ kind: "place", code: "75105", name: "Panthéon" });
    expect(arrondissementScope(place, null)).toEqual({ kind: "place", code: "75105", name: "Panthéon" });
    expect(arrondissementScope(null, "Panthéon")).toEqual({ kind: "noPlace" });
    expect(arrondissementScope({ arrondissement: null }, "Panthéon")).toEqual({ kind: "noPlace" });
  });
});
