import { describe, expect, it } from "vitest";
import {
  addBody,
  blocker,
  keepSelectable,
  mergeCalls,
  projectBody,
  ranked,
  summedCost,
  toggle,
  type MergeSubject,
} from "./merge.selection";

const subject: MergeSubject = {
  id: 10,
  status: "accepted",
  area: "paris-05",
  project: null,
  estimatedCost: 5000,
};
const dup = (id: number, score: number, status = "accepted", area: string | null = "paris-05") => ({
  id,
  title: `p${id}`,
  status,
  area,
  distance_m: 12,
  similarity: 0.5,
  score,
});

describe("blocker", () => {
  it("lets accepted proposals of the same area be selected", () => {
    expect(blocker(dup(11, 0.5), subject)).toBeNull();
  });
  it("refuses proposals not accepted yet, of another area, or already in a project", () => {
    expect(blocker(dup(11, 0.5, "in_review"), subject)).toBe("not_accepted");
    expect(blocker(dup(11, 0.5, "accepted", "paris-13"), subject)).toBe("other_area");
    expect(blocker({ ...dup(11, 0.5), project: 4 }, subject)).toBe("in_project");
  });
});

describe("selection", () => {
  it("toggles ids and keeps the suggestions' order", () => {
    const order = [3, 1, 2];
    let s = toggle([], 2, order);
    s = toggle(s, 3, order);
    expect(s).toEqual([3, 2]);
    expect(toggle(s, 3, order)).toEqual([2]);
  });
  it("drops what can no longer be selected", () => {
    const candidates = [dup(1, 0.9), dup(2, 0.8, "merged"), dup(3, 0.1)];
    expect(keepSelectable([1, 2, 3], candidates, subject)).toEqual([1, 3]);
  });
  it("ranks best first with ties by id", () => {
    expect(ranked([dup(5, 0.4), dup(2, 0.9), dup(1, 0.4)]).map((d) => d.id)).toEqual([2, 1, 5]);
  });
});

describe("projectBody", () => {
  it("puts the proposal first and needs a title and a description with several", () => {
    expect(projectBody(subject, [11], { title: "", description: "x".repeat(30), cost: "" })).toEqual({
      ok: false,
      field: "title",
      reason: "required",
    });
    expect(projectBody(subject, [11], { title: "Un titre", description: " ", cost: "" })).toEqual({
      ok: false,
      field: "description",
      reason: "required",
    });
    const result = projectBody(subject, [11, 12], {
      title: " Un jardin ",
      description: "Une description assez longue.",
      cost: "",
    });
    expect(result).toEqual({
      ok: true,
      body: { proposals: [10, 11, 12], title: "Un jardin", description: "Une description assez longue." },
    });
  });
  it("reads a typed cost with spaces and a euro sign, and refuses nonsense", () => {
    const ok = projectBody(subject, [], { title: "", description: "", cost: "12 500 €" });
    expect(ok).toEqual({ ok: true, body: { proposals: [10], cost: 12500 } });
    expect(projectBody(subject, [], { title: "", description: "", cost: "-3" })).toMatchObject({
      ok: false,
      field: "cost",
    });
    expect(projectBody(subject, [], { title: "", description: "", cost: "0" })).toMatchObject({
      ok: false,
      field: "cost",
    });
  });
});

describe("addBody and mergeCalls", () => {
  it("adds the proposal itself unless it is already the project's", () => {
    expect(addBody(subject, 4, [11])).toEqual({ ok: true, body: { proposals: [10, 11] } });
    expect(addBody({ ...subject, project: 4 }, 4, [11])).toEqual({ ok: true, body: { proposals: [11] } });
    expect(addBody({ ...subject, project: 4 }, 4, [])).toEqual({
      ok: false,
      field: "proposals",
      reason: "none",
    });
  });
  it("merges each selected duplicate into the proposal", () => {
    expect(mergeCalls(subject, [11, 10, 12])).toEqual([
      { id: 11, body: { into: 10 } },
      { id: 12, body: { into: 10 } },
    ]);
  });
  it("sums the known costs", () => {
    expect(summedCost([100, null, 250])).toBe(350);
    expect(summedCost([null])).toBeNull();
  });
});
