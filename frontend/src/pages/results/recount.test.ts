// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import * as schemas from "../../api/generated/zod";
import type { AreaResult } from "./model";
import { recountSection } from "./recount";

const PABUTOOLS = "python3 - bp-2026-paris-05.pb <<'PY'\nimport json, sys\nPY";

function result(pabutools: string | null): AreaResult {
  return schemas.ResultOutput.parse({
    area: { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
    rule: "greedy",
    method: "approval",
    statement: "Greedy.",
    published: true,
    winners: [],
    projects: [],
    total_cost: 90_000,
    budget: 100_000,
    budget_share_used: 0.9,
    reserved_amount: 40_000,
    reserved_used: 0,
    reserved_share_used: 0,
    turnout: { online: 1, paper: 0, ballots_counted: 1, ballots_not_counted: 0 },
    inputs_hash: "b".repeat(64),
    computed_at: "2026-06-01T10:00:00+02:00",
    recount: {
      ballot_file: "http://127.0.0.1:8000/api/v1/campaigns/bp-2026/areas/paris-05/ballots.pb",
      file_name: "bp-2026-paris-05.pb",
      rule: "greedy",
      parameters: {
        vote_type: "approval",
        method: "approval",
        budget: 100_000,
        reserved_amount: 40_000,
        satisfaction: "Cost_Sat",
      },
      inputs_hash: "b".repeat(64),
      pabutools,
      pabutools_note: "Needs Python 3 and pabutools==1.2.3.",
      pb_tally:
        "python backend/manage.py pb_import x.pb --slug recount-paris-05 && python backend/manage.py pb_tally recount-paris-05 --rule greedy --json",
    },
  });
}

describe("recountSection", () => {
  it("gives the file, the rule, the hash and both commands, French first", () => {
    const section = recountSection(result(PABUTOOLS), "fr", true);
    expect(section.querySelector("h4")?.textContent).toBe("Recompter");
    const link = section.querySelector("a");
    expect(link?.getAttribute("href")).toContain("/areas/paris-05/ballots.pb");
    expect(link?.getAttribute("download")).toBe("bp-2026-paris-05.pb");
    expect(section.querySelector(".recount-hash")?.textContent).toBe("b".repeat(64));
    expect(section.textContent).toContain("greedy, satisfaction Cost_Sat");
    const codes = [...section.querySelectorAll("pre code")].map((c) => c.textContent);
    expect(codes).toEqual([PABUTOOLS, expect.stringContaining("pb_tally recount-paris-05")]);
    // Every command is labelled by its heading, and every copy button says what it copies.
    for (const figure of section.querySelectorAll("figure")) {
      const id = figure.getAttribute("aria-labelledby") ?? "";
      expect(section.querySelector(`[id="${id}"]`)?.textContent).toBeTruthy();
    }
    const buttons = [...section.querySelectorAll("button")].map((b) => b.getAttribute("aria-label"));
    expect(buttons).toEqual([
      "Copier la commande : Avec pabutools (implémentation de référence)",
      "Copier la commande : Avec Belvédère (pb_import puis pb_tally)",
    ]);
  });

  it("in English, without a pabutools command for majority judgment, file hidden before publication", () => {
    const section = recountSection(result(null), "en", false);
    expect(section.querySelector("h4")?.textContent).toBe("Recount");
    expect(section.querySelector("a")).toBeNull();
    expect(section.textContent).toContain("available when the results are published");
    expect(section.querySelectorAll("pre")).toHaveLength(1);
  });
});
