/**
 * The counting rule as each result publishes it, in the page's language (French first, English
 * too: the API gives `statement` in French and `statement_en` in English), and how the count
 * was computed (exact arithmetic, or floating point certified and recounted exactly).
 */
import type { Lang } from "../../i18n";
import { defineMessages, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import type { AreaResult } from "./model";

export const ruleMessages = defineMessages({
  fr: {
    exact: "Calcul en arithmétique exacte (entiers et fractions).",
    floatPending:
      "Calcul en virgule flottante, chaque décision prouvée par une borne d'erreur ; recomptage en fractions exactes en cours.",
    floatAgrees:
      "Calcul en virgule flottante, chaque décision prouvée par une borne d'erreur ; le recomptage en fractions exactes donne les mêmes lauréats.",
    floatDisagrees:
      "Calcul en virgule flottante ; le recomptage en fractions exactes donne d'autres lauréats : ce résultat est en cours de vérification.",
    floatNotRun: "Calcul en virgule flottante, chaque décision prouvée par une borne d'erreur.",
  },
  en: {
    exact: "Computed in exact arithmetic (integers and fractions).",
    floatPending:
      "Computed in floating point, every decision proven by an error bound; a recount in exact fractions is under way.",
    floatAgrees:
      "Computed in floating point, every decision proven by an error bound; the recount in exact fractions gives the same winners.",
    floatDisagrees:
      "Computed in floating point; the recount in exact fractions gives other winners: this result is being checked.",
    floatNotRun: "Computed in floating point, every decision proven by an error bound.",
  },
});

type Published = Pick<AreaResult, "statement" | "statement_en" | "arithmetic" | "exact_recount">;

/** The statement in the page's language (the French one when no English one was stored). */
export function statementIn(result: Published, lang: Lang): { text: string; lang: Lang } {
  if (lang === "en" && result.statement_en) return { text: result.statement_en, lang: "en" };
  return { text: result.statement, lang: "fr" };
}

/** How the result was computed, in one sentence. */
export function arithmeticLine(result: Published, lang: Lang): string {
  const t = localTranslator(ruleMessages, lang);
  if (result.arithmetic !== "float-certified") return t("exact");
  switch (result.exact_recount) {
    case "agrees":
      return t("floatAgrees");
    case "disagrees":
      return t("floatDisagrees");
    case "pending":
      return t("floatPending");
    default:
      return t("floatNotRun");
  }
}

/** One paragraph per distinct statement (and way of computing) of the areas. */
export function ruleStatements(results: readonly Published[], lang: Lang): HTMLElement[] {
  const seen = new Set<string>();
  const out: HTMLElement[] = [];
  for (const result of results) {
    const statement = statementIn(result, lang);
    const how = arithmeticLine(result, lang);
    const key = `${statement.text}\n${how}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h("p", { lang: statement.lang }, statement.text), h("p", { class: "results-arithmetic" }, how));
  }
  return out;
}
