import { describe, expect, it } from "vitest";
import {
  EMPTY_CHOICES,
  GRADES,
  LOWEST_GRADE,
  canAdd,
  isGrade,
  minimumSpend,
  notReady,
  pointsLeft,
  remainingBudget,
  requestBody,
  setGrade,
  setPoints,
  spent,
  summarize,
  toggle,
  type BallotProject,
  type Choices,
  type Method,
} from "./rules";

const PROJECTS: BallotProject[] = [
  { id: 11, title: "Un jardin", cost: 400_000 },
  { id: 12, title: "Des bancs", cost: 250_000 },
  { id: 13, title: "Une fontaine", cost: 350_000 },
  { id: 14, title: "Un terrain", cost: 1_000_000 },
];

function method(overrides: Partial<Method>): Method {
  return {
    rule: "majority_judgment",
    approvalMax: null,
    cumulativePoints: 10,
    knapsackMinShare: 0,
    envelope: 1_000_000,
    ...overrides,
  };
}

/** Applies toggles one after the other, failing the test on a refusal. */
function choose(m: Method, ids: number[], from: Choices = EMPTY_CHOICES): Choices {
  return ids.reduce((c, id) => {
    const change = toggle(m, PROJECTS, c, id);
    expect(change.refusal).toBeNull();
    return change.choices;
  }, from);
}

describe("grades", () => {
  it("are the four of majority judgment, best first, the lowest counting for the ungraded", () => {
    expect(GRADES).toEqual(["adore", "aime_bien", "pourquoi_pas", "pas_convaincu"]);
    expect(LOWEST_GRADE).toBe("pas_convaincu");
    expect(isGrade("aime_bien")).toBe(true);
    expect(isGrade("excellent")).toBe(false);
    expect(isGrade(3)).toBe(false);
  });

  it("are set, changed and removed without touching the other projects", () => {
    let c = setGrade(EMPTY_CHOICES, 11, "adore");
    c = setGrade(c, 12, "pourquoi_pas");
    c = setGrade(c, 11, "aime_bien");
    expect(c.grades).toEqual({ 11: "aime_bien", 12: "pourquoi_pas" });
    c = setGrade(c, 12, null);
    expect(c.grades).toEqual({ 11: "aime_bien" });
    expect(EMPTY_CHOICES.grades).toEqual({});
  });

  it("send every project of the ballot, the ungraded ones as the lowest grade", () => {
    const m = method({ rule: "majority_judgment" });
    const c = setGrade(setGrade(EMPTY_CHOICES, 13, "adore"), 11, "pourquoi_pas");
    expect(requestBody(m, "paris-5", PROJECTS, c)).toEqual({
      area: "paris-5",
      grades: { "11": "pourquoi_pas", "12": "pas_convaincu", "13": "adore", "14": "pas_convaincu" },
    });
    const summary = summarize(m, PROJECTS, c);
    expect(summary.ungraded).toBe(2);
    expect(summary.lines.map((l) => [l.project.id, l.grade, l.ungraded])).toEqual([
      [11, "pourquoi_pas", false],
      [12, "pas_convaincu", true],
      [13, "adore", false],
      [14, "pas_convaincu", true],
    ]);
  });

  it("need at least one graded project before sending", () => {
    const m = method({ rule: "majority_judgment" });
    expect(notReady(m, PROJECTS, EMPTY_CHOICES)).toEqual({ code: "empty_ballot" });
    expect(notReady(m, PROJECTS, setGrade(EMPTY_CHOICES, 14, "pas_convaincu"))).toBeNull();
    // A grade for a project that is not on this ballot does not count.
    expect(notReady(m, PROJECTS, setGrade(EMPTY_CHOICES, 99, "adore"))).toEqual({ code: "empty_ballot" });
  });
});

describe("approval", () => {
  const m = method({ rule: "approval", approvalMax: 2 });

  it("fills the basket up to the maximum, then refuses with the maximum", () => {
    const c = choose(m, [11, 13]);
    expect(c.selected).toEqual([11, 13]);
    expect(canAdd(m, PROJECTS, c, 12)).toEqual({ code: "too_many_projects", max: 2 });
    const refused = toggle(m, PROJECTS, c, 12);
    expect(refused.refusal).toEqual({ code: "too_many_projects", max: 2 });
    expect(refused.choices).toBe(c);
    // A chosen project can always stay, and leave.
    expect(canAdd(m, PROJECTS, c, 11)).toBeNull();
    const fewer = toggle(m, PROJECTS, c, 11);
    expect(fewer.choices.selected).toEqual([13]);
    expect(canAdd(m, PROJECTS, fewer.choices, 12)).toBeNull();
  });

  it("has no limit without a maximum, and refuses a project not on the ballot", () => {
    const free = method({ rule: "approval", approvalMax: null });
    expect(choose(free, [11, 12, 13, 14]).selected).toHaveLength(4);
    expect(canAdd(free, PROJECTS, EMPTY_CHOICES, 99)).toEqual({ code: "unknown_project" });
  });

  it("sends the chosen ids sorted, and nothing that left the ballot", () => {
    const c: Choices = { ...EMPTY_CHOICES, selected: [13, 11, 99] };
    expect(requestBody(m, "paris", PROJECTS, c)).toEqual({ area: "paris", projects: [11, 13] });
    expect(notReady(m, PROJECTS, EMPTY_CHOICES)).toEqual({ code: "empty_ballot" });
    expect(notReady(m, PROJECTS, choose(m, [12]))).toBeNull();
  });
});

describe("knapsack", () => {
  const m = method({ rule: "knapsack", envelope: 1_000_000 });

  it("counts what is spent and what is left of the envelope", () => {
    const c = choose(m, [11, 12]);
    expect(spent(PROJECTS, c)).toBe(650_000);
    expect(remainingBudget(m, PROJECTS, c)).toBe(350_000);
  });

  it("accepts a project that fits exactly and refuses one over the envelope", () => {
    const c = choose(m, [11, 12, 13]); // 1 000 000: exactly the envelope
    expect(remainingBudget(m, PROJECTS, c)).toBe(0);
    const over = choose(m, [11, 12]);
    expect(canAdd(m, PROJECTS, over, 14)).toEqual({
      code: "over_envelope",
      cost: 1_000_000,
      remaining: 350_000,
      envelope: 1_000_000,
    });
    expect(toggle(m, PROJECTS, over, 14).choices).toBe(over);
    expect(choose(m, [14]).selected).toEqual([14]);
  });

  it("refuses every choice while the envelope is not set", () => {
    const none = method({ rule: "knapsack", envelope: null });
    expect(canAdd(none, PROJECTS, EMPTY_CHOICES, 11)).toEqual({ code: "no_envelope" });
    expect(remainingBudget(none, PROJECTS, EMPTY_CHOICES)).toBeNull();
  });

  it("asks for the minimum share, rounded up as the server does", () => {
    const share = method({ rule: "knapsack", envelope: 999_999, knapsackMinShare: 50 });
    expect(minimumSpend(share)).toBe(500_000);
    expect(minimumSpend(method({ rule: "knapsack", knapsackMinShare: 0 }))).toBe(0);
    expect(notReady(share, PROJECTS, choose(share, [13]))).toEqual({
      code: "under_minimum_share",
      minimum: 500_000,
      total: 350_000,
    });
    expect(notReady(share, PROJECTS, choose(share, [13, 12]))).toBeNull();
  });
});

describe("cumulative", () => {
  const m = method({ rule: "cumulative", cumulativePoints: 10 });

  it("spends points until none are left, then refuses with what is left", () => {
    let change = setPoints(m, EMPTY_CHOICES, 11, 6);
    expect(change.refusal).toBeNull();
    change = setPoints(m, change.choices, 12, 4);
    expect(change.refusal).toBeNull();
    const full = change.choices;
    expect(pointsLeft(m, full)).toBe(0);
    const refused = setPoints(m, full, 13, 1);
    expect(refused.refusal).toEqual({ code: "not_enough_points", wanted: 1, left: 0 });
    expect(refused.choices).toBe(full);
    // Moving points between projects: lowering one frees them.
    const lowered = setPoints(m, full, 11, 5).choices;
    expect(pointsLeft(m, lowered)).toBe(1);
    expect(setPoints(m, lowered, 13, 1).refusal).toBeNull();
  });

  it("counts a project's own points as available when it is raised", () => {
    const c = setPoints(m, EMPTY_CHOICES, 11, 8).choices;
    expect(setPoints(m, c, 11, 10).refusal).toBeNull();
    expect(setPoints(m, c, 11, 11).refusal).toEqual({ code: "not_enough_points", wanted: 11, left: 10 });
  });

  it("keeps points whole and not below zero, and drops a project at zero", () => {
    let c = setPoints(m, EMPTY_CHOICES, 11, 2.7).choices;
    expect(c.points).toEqual({ 11: 2 });
    c = setPoints(m, c, 11, -3).choices;
    expect(c.points).toEqual({});
    expect(setPoints(m, EMPTY_CHOICES, 11, Number.NaN).choices.points).toEqual({});
  });

  it("sends the projects with points and sums them in the summary", () => {
    const c = setPoints(m, setPoints(m, EMPTY_CHOICES, 13, 3).choices, 11, 2).choices;
    expect(requestBody(m, "paris", PROJECTS, c)).toEqual({ area: "paris", points: { "11": 2, "13": 3 } });
    const summary = summarize(m, PROJECTS, c);
    expect(summary.points).toBe(5);
    expect(summary.lines.map((l) => [l.project.id, l.points])).toEqual([
      [11, 2],
      [13, 3],
    ]);
    expect(notReady(m, PROJECTS, EMPTY_CHOICES)).toEqual({ code: "empty_ballot" });
  });
});
