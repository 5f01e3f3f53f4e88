import { describe, expect, it } from "vitest";
import * as schemas from "../../api/generated/zod";
import {
  areaArrondissements,
  areaName,
  ballotFile,
  barWidth,
  campaignsWithResults,
  distinctRules,
  downloads,
  envelopeUse,
  figureKind,
  gradeProfile,
  isParis,
  pickArea,
  reservedUse,
  shareText,
  sortAreas,
  splitProjects,
  stackedWidths,
  turnout,
  winnerPoints,
  type AreaResult,
  type CampaignSummary,
  type ProjectFigures,
} from "./model";

/** Spaces as Intl writes them (narrow and plain no-break) made plain, to compare text. */
const plain = (text: string): string => text.replace(/[\u202f\u00a0]/g, " ");

function row(overrides: Partial<ProjectFigures> & { project: number; rank: number }): ProjectFigures {
  return {
    id: String(overrides.project),
    title: `Projet ${overrides.project}`,
    cost: 1000,
    priority: false,
    selected: false,
    votes: 0,
    ...overrides,
  };
}

export const RECOUNT = {
  ballot_file: "http://127.0.0.1:8000/api/v1/campaigns/bp-2026/areas/paris-05/ballots.pb",
  file_name: "bp-2026-paris-05.pb",
  rule: "majority-judgment",
  parameters: {
    vote_type: "scoring",
    method: "majority_judgment",
    budget: 100_000,
    reserved_amount: 40_000,
    satisfaction: null,
  },
  inputs_hash: "a".repeat(64),
  pabutools: null,
  pabutools_note: "pabutools has no rank-then-fund rule: recount with pb_tally.",
  pb_tally:
    "python backend/manage.py pb_import bp-2026-paris-05.pb --slug recount-paris-05 && python backend/manage.py pb_tally recount-paris-05 --rule majority-judgment --json",
};

function result(overrides: Partial<AreaResult> = {}): AreaResult {
  // Validated by the generated schema, as the page's answers are.
  return schemas.ResultOutput.parse({
    area: { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
    rule: "majority-judgment",
    method: "majority_judgment",
    statement: "Majority judgment.",
    published: true,
    winners: [],
    projects: [],
    total_cost: 90_000,
    budget: 100_000,
    budget_share_used: 0.9,
    reserved_amount: 40_000,
    reserved_used: 30_000,
    reserved_share_used: 0.75,
    turnout: { online: 1234, paper: 5, ballots_counted: 1239, ballots_not_counted: 2 },
    inputs_hash: "a".repeat(64),
    computed_at: "2026-06-01T10:00:00+02:00",
    recount: RECOUNT,
    ...overrides,
  });
}

describe("campaignsWithResults", () => {
  it("keeps the campaigns from the results phase on", () => {
    const c = (slug: string, phase: string) => ({ slug, current_phase: phase }) as CampaignSummary;
    const kept = campaignsWithResults([
      c("a", "submission"),
      c("b", "results"),
      c("c", "voting"),
      c("d", "implementation"),
      c("e", "closed"),
    ]);
    expect(kept.map((x) => x.slug)).toEqual(["b", "d", "e"]);
  });
});

describe("bars", () => {
  it("turns a share into a clamped width with one decimal", () => {
    expect(barWidth(0.9)).toBe(90);
    expect(barWidth(0.66666)).toBe(66.7);
    expect(barWidth(1.4)).toBe(100);
    expect(barWidth(-0.2)).toBe(0);
    expect(barWidth(null)).toBe(0);
    expect(barWidth(Number.NaN)).toBe(0);
  });

  it("gives stacked widths that add up to exactly 100", () => {
    const widths = stackedWidths([1, 1, 1]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
    expect(widths).toEqual([33.4, 33.3, 33.3]);
    expect(stackedWidths([0.6667, 0.3333, 0, 0])).toEqual([66.7, 33.3, 0, 0]);
    expect(stackedWidths([0, 0])).toEqual([0, 0]);
    expect(stackedWidths([2, -1, Number.NaN])).toEqual([100, 0, 0]);
  });
});

describe("gradeProfile", () => {
  it("lists the grades best first with counts, shares and widths", () => {
    const project = row({
      project: 1,
      rank: 1,
      grades: { adore: 2, aime_bien: 1, pourquoi_pas: 0, pas_convaincu: 0 },
      grade_shares: { adore: 0.6667, aime_bien: 0.3333, pourquoi_pas: 0, pas_convaincu: 0 },
      majority_grade: "adore",
    });
    expect(gradeProfile(project)).toEqual([
      { grade: "adore", count: 2, share: 0.6667, width: 66.7 },
      { grade: "aime_bien", count: 1, share: 0.3333, width: 33.3 },
      { grade: "pourquoi_pas", count: 0, share: 0, width: 0 },
      { grade: "pas_convaincu", count: 0, share: 0, width: 0 },
    ]);
  });

  it("is null for a project without grades", () => {
    expect(gradeProfile(row({ project: 1, rank: 1, votes: 3 }))).toBeNull();
  });
});

describe("figures and order", () => {
  it("says which figure tells the support", () => {
    expect(figureKind(result())).toBe("grades");
    expect(figureKind(result({ method: "approval", projects: [row({ project: 1, rank: 1 })] }))).toBe(
      "votes",
    );
    expect(
      figureKind(result({ method: "cumulative", projects: [row({ project: 1, rank: 1, points: 4.5 })] })),
    ).toBe("points");
  });

  it("splits winners from the others, each by rank", () => {
    const r = result({
      projects: [
        row({ project: 3, rank: 3, selected: true }),
        row({ project: 1, rank: 1, selected: true }),
        row({ project: 2, rank: 2 }),
        row({ project: 4, rank: 4 }),
      ],
    });
    const { winners, others } = splitProjects(r);
    expect(winners.map((p) => p.project)).toEqual([1, 3]);
    expect(others.map((p) => p.project)).toEqual([2, 4]);
  });

  it("places located winners with their position among the area's winners", () => {
    const r = result({
      projects: [
        row({ project: 1, rank: 1, selected: true, longitude: 2.35, latitude: 48.84 }),
        row({ project: 2, rank: 2, selected: true }),
        row({ project: 3, rank: 3, selected: true, longitude: 2.36, latitude: 48.85 }),
        row({ project: 4, rank: 4, longitude: 2.3, latitude: 48.8 }),
      ],
    });
    expect(winnerPoints([r])).toEqual([
      { area: "paris-05", project: 1, title: "Projet 1", position: 1, latLng: [48.84, 2.35] },
      { area: "paris-05", project: 3, title: "Projet 3", position: 3, latLng: [48.85, 2.36] },
    ]);
  });

  it("lists each rule once", () => {
    expect(distinctRules([result(), result({ rule: "greedy" }), result()])).toEqual([
      "majority-judgment",
      "greedy",
    ]);
  });
});

describe("areas", () => {
  it("knows Paris's areas and their arrondissements", () => {
    expect(areaArrondissements("paris")).toHaveLength(20);
    expect(areaArrondissements("paris-centre")).toEqual([1, 2, 3, 4]);
    expect(areaArrondissements("paris-05")).toEqual([5]);
    expect(areaArrondissements("paris-21")).toEqual([]);
    expect(areaArrondissements("pb-assen-2024")).toEqual([]);
    expect(isParis([{ code: "pb-assen-2024" }])).toBe(false);
    expect(isParis([{ code: "paris" }, { code: "paris-12" }])).toBe(true);
  });

  it("names single arrondissements in the page's words", () => {
    const words = (n: number) => `arrondissement ${n}`;
    expect(areaName({ code: "paris-05", name: "5e arrondissement" }, words)).toBe("arrondissement 5");
    expect(areaName({ code: "paris", name: "Tout Paris" }, words)).toBe("Tout Paris");
    expect(areaName({ code: "pb-assen-2024", name: "Assen 2024" }, words)).toBe("Assen 2024");
  });

  it("puts the city first, then arrondissements in their order", () => {
    const a = (code: string, kind: string, name: string) => ({ area: { code, kind, name } });
    const sorted = sortAreas([
      a("paris-12", "arrondissements", "12e"),
      a("paris-centre", "arrondissements", "Paris Centre"),
      a("paris-05", "arrondissements", "5e"),
      a("paris", "city", "Tout Paris"),
    ]);
    expect(sorted.map((x) => x.area.code)).toEqual(["paris", "paris-centre", "paris-05", "paris-12"]);
  });

  it("keeps the area asked for only when the campaign has it", () => {
    const areas = [result()];
    expect(pickArea(areas, "paris-05")).toBe("paris-05");
    expect(pickArea(areas, "paris-06")).toBeNull();
    expect(pickArea(areas, null)).toBeNull();
  });
});

describe("money, shares and turnout as text", () => {
  it("writes the envelope and the reserved share used in each language", () => {
    expect(plain(JSON.stringify(envelopeUse("fr", result())))).toBe(
      JSON.stringify({ used: "90 000 €", total: "100 000 €", percent: "90 %", width: 90 }),
    );
    expect(envelopeUse("en", result())).toMatchObject({ used: "€90,000", total: "€100,000", percent: "90%" });
    expect(reservedUse("en", result())).toEqual({
      used: "€30,000",
      total: "€40,000",
      percent: "75%",
      width: 75,
    });
    expect(
      reservedUse("fr", result({ reserved_amount: 0, reserved_used: 0, reserved_share_used: null })),
    ).toBeNull();
  });

  it("writes turnout with the ballots not counted", () => {
    const fr = turnout("fr", result());
    expect(plain(fr.voters)).toBe("1 239");
    expect(plain(fr.online)).toBe("1 234");
    expect(fr.paper).toBe("5");
    expect(fr.hasNotCounted).toBe(true);
    expect(
      turnout("fr", result({ turnout: { online: 1, paper: 0, ballots_counted: 1, ballots_not_counted: 0 } }))
        .hasNotCounted,
    ).toBe(false);
    expect(turnout("en", result()).voters).toBe("1,239");
    const imported = result({
      turnout: { online: 0, paper: 0, ballots_counted: 84, ballots_not_counted: 0 },
    });
    expect(turnout("en", imported)).toMatchObject({ hasVoters: false, counted: "84" });
  });

  it("writes small shares with a decimal", () => {
    expect(plain(shareText("fr", 0.6))).toBe("60 %");
    expect(shareText("en", 0.004)).toBe("0.4%");
    expect(shareText("en", 0)).toBe("0%");
  });
});

describe("downloads", () => {
  it("points at the API's files, for one area or all", () => {
    expect(downloads("bp-2026", null)).toEqual({
      csv: "/api/v1/campaigns/bp-2026/results.csv",
      geojson: "/api/v1/campaigns/bp-2026/results.geojson",
      csvName: "bp-2026-results.csv",
      geojsonName: "bp-2026-results.geojson",
    });
    expect(downloads("bp", "paris-05").csv).toBe("/api/v1/campaigns/bp/results.csv?area=paris-05");
    expect(ballotFile("bp", "paris-05")).toEqual({
      href: "/api/v1/campaigns/bp/areas/paris-05/ballots.pb",
      name: "bp-paris-05.pb",
    });
  });
});
