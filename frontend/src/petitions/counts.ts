/**
 * A petition's counted signatures by arrondissement of residence: a small shaded map and, beside
 * it, the table that says the same figures (the map is hidden from nobody, but needed by nobody).
 */
import type { District } from "../api";
import type { Lang, Translator } from "../i18n";
import { formatNumber, localTranslator } from "../i18n/local";
import { h } from "../ui/dom";
import { createCountsMap, type CountsMap } from "./maps";
import { petitionMessages } from "./messages";
import { AREA_CODES } from "./model";
import type { Petition } from "./schemas";

type AreaCount = Petition["counts_by_area"][number];

/** The areas with signatures in the city's order (Paris Centre, then the 5th to the 20th; others last). */
export function countRows(counts: readonly AreaCount[]): AreaCount[] {
  const rank = (code: string) => {
    const i = AREA_CODES.indexOf(code);
    return i === -1 ? AREA_CODES.length : i;
  };
  return counts
    .filter((c) => c.count > 0)
    .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code));
}

export function countsSection(options: {
  lang: Lang;
  tr: Translator;
  counts: readonly AreaCount[];
  districts: Promise<District[]>;
}): { element: HTMLElement; remove: () => void } {
  const t = localTranslator(petitionMessages, options.lang);
  const rows = countRows(options.counts);
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const mapBox = h("div", {
    class: "petition-counts-map",
    id: "petition-counts-map",
    role: "region",
    "aria-label": t("countsMapLabel"),
  });
  const table = h(
    "table",
    { class: "petition-table", id: "petition-counts-table" },
    h("caption", {}, t("countsCaption")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("countsArea")),
        h("th", { scope: "col", class: "num" }, t("countsCount")),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, r.name),
          h("td", { class: "num" }, formatNumber(options.lang, r.count)),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "row" }, t("countsTotal")),
        h("td", { class: "num" }, formatNumber(options.lang, total)),
      ),
    ),
  );
  const element = h(
    "section",
    { class: "petition-counts-section", "aria-labelledby": "petition-counts-title" },
    h("h2", { id: "petition-counts-title" }, t("countsTitle")),
    rows.length
      ? h("div", { class: "petition-counts" }, mapBox, h("div", { class: "petition-table-wrap" }, table))
      : h("p", {}, t("countsNone")),
  );
  let map: CountsMap | null = null;
  let gone = false;
  if (rows.length) {
    try {
      map = createCountsMap(mapBox, { zoomIn: t("zoomIn"), zoomOut: t("zoomOut") });
      const counts = new Map(rows.map((r) => [r.code, r.count]));
      options.districts.then(
        (districts) => {
          if (gone) return;
          map?.draw(
            districts,
            counts,
            (d, count) => `${options.tr.arrondissement(d.number)} — ${formatNumber(options.lang, count)}`,
          );
        },
        () => undefined,
      );
    } catch (error) {
      console.error(error); // the table says it all
    }
  }
  return {
    element,
    remove: () => {
      gone = true;
      map?.remove();
    },
  };
}
