// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { arithmeticLine, ruleStatements, statementIn } from "./rules";

const mes = {
  statement: "Méthode des parts égales : l'enveloppe est partagée.",
  statement_en: "Method of Equal Shares: the envelope is shared.",
  arithmetic: "float-certified",
  exact_recount: "agrees" as const,
};
const majority = {
  statement: "Jugement majoritaire (Balinski et Laraki).",
  statement_en: "Majority judgment (Balinski and Laraki).",
  arithmetic: "exact",
  exact_recount: "not-needed" as const,
};

describe("the rule's statement", () => {
  it("is French on a French page and English on an English one", () => {
    expect(statementIn(mes, "fr")).toEqual({ text: mes.statement, lang: "fr" });
    expect(statementIn(mes, "en")).toEqual({ text: mes.statement_en, lang: "en" });
  });

  it("falls back to French when no English statement was stored", () => {
    expect(statementIn({ ...mes, statement_en: "" }, "en")).toEqual({ text: mes.statement, lang: "fr" });
  });

  it("says how the count was computed and what the exact recount found", () => {
    expect(arithmeticLine(majority, "fr")).toMatch(/arithmétique exacte/);
    expect(arithmeticLine(mes, "fr")).toMatch(/mêmes lauréats/);
    expect(arithmeticLine({ ...mes, exact_recount: "pending" }, "en")).toMatch(/under way/);
    expect(arithmeticLine({ ...mes, exact_recount: "disagrees" }, "en")).toMatch(/being checked/);
  });

  it("gives one paragraph per distinct statement, marked with its language", () => {
    const paragraphs = ruleStatements([mes, mes, majority], "en");
    const statements = paragraphs.filter((p) => p.lang);
    expect(statements.map((p) => [p.lang, p.textContent])).toEqual([
      ["en", mes.statement_en],
      ["en", majority.statement_en],
    ]);
    expect(paragraphs).toHaveLength(4);
  });
});
