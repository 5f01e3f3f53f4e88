import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { localTranslator } from "../../i18n/local";
import { voteMessages } from "./messages";
import { errorText, notReadyText, refusalText, ruleSentence } from "./text";

const fr = localTranslator(voteMessages, "fr");
const en = localTranslator(voteMessages, "en");
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("the vote's sentences", () => {
  it("have every key in both languages, none empty", () => {
    expect(Object.keys(voteMessages.en).sort()).toEqual(Object.keys(voteMessages.fr).sort());
    for (const lang of ["fr", "en"] as const)
      for (const [key, text] of Object.entries(voteMessages[lang]))
        expect(text, `${lang}.${key}`).not.toBe("");
  });

  it("state each method's rule with its parameters", () => {
    const settings = { approval_max: 4, cumulative_points: 12, knapsack_min_share: 50 };
    expect(ruleSentence(fr, "fr", { voting_rule: "majority_judgment" }, settings)).toContain("J'adore");
    expect(ruleSentence(en, "en", { voting_rule: "majority_judgment" }, settings)).toContain("I love it");
    expect(ruleSentence(fr, "fr", { voting_rule: "approval" }, settings)).toBe(
      "Choisissez jusqu'à 4 projets par bulletin.",
    );
    expect(ruleSentence(en, "en", { voting_rule: "approval" }, { ...settings, approval_max: null })).toBe(
      "Choose as many projects as you like.",
    );
    expect(nbsp(ruleSentence(fr, "fr", { voting_rule: "knapsack" }, settings))).toContain("au moins 50 %");
    expect(ruleSentence(en, "en", { voting_rule: "knapsack" }, { ...settings, knapsack_min_share: 0 })).toBe(
      "Choose projects whose total cost fits within the ballot's envelope.",
    );
    expect(ruleSentence(en, "en", { voting_rule: "cumulative" }, settings)).toBe(
      "Spread 12 points over the projects of each ballot.",
    );
  });

  it("say why a choice is refused, with money in the language's format", () => {
    const over = { code: "over_envelope", cost: 1_000_000, remaining: 350_000, envelope: 1_000_000 } as const;
    expect(nbsp(refusalText(fr, "fr", over))).toBe(
      "Ce projet coûte 1 000 000 € et il ne reste que 350 000 € dans l'enveloppe de 1 000 000 € : retirez un projet pour le choisir.",
    );
    expect(refusalText(en, "en", over)).toContain("€1,000,000");
    expect(refusalText(en, "en", { code: "too_many_projects", max: 4 })).toContain("4 projects, the maximum");
    const method = {
      rule: "majority_judgment",
      approvalMax: null,
      cumulativePoints: 10,
      knapsackMinShare: 0,
      envelope: 1,
    } as const;
    expect(notReadyText(en, "en", method, { code: "empty_ballot" })).toBe("Grade at least one project.");
  });

  it("turn the API's refusals into the person's words, keeping the API's sentence for new ones", () => {
    expect(errorText(fr, new ApiError(400, "over_envelope", "Over the envelope: …"))).toBe(
      "Vos projets coûtent plus que l'enveloppe du bulletin.",
    );
    expect(errorText(en, new ApiError(409, "already_voted", "…"))).toBe(
      "You have already voted in this ballot. You can replace it with your receipt code.",
    );
    expect(errorText(fr, new ApiError(400, "too_young", "…"), 7)).toBe(
      "Vous devez avoir au moins 7 ans pour voter dans cette campagne.",
    );
    expect(errorText(en, new ApiError(400, "something_new", "A new reason."))).toBe("A new reason.");
    expect(errorText(en, new ApiError(0, "network_error", "The server cannot be reached."))).toBe(
      "The server cannot be reached. Check your connection and try again.",
    );
    expect(errorText(en, new Error("boom"))).toBe("Your vote could not be recorded. Try again in a moment.");
  });
});
