/**
 * Small views the petition screens share: the status as a word in a badge, the authority in
 * words, the threshold bar with its text equivalent, and a petition's card in a list.
 */
import type { Theme } from "../api";
import { createTranslator, type Lang, type Translator } from "../i18n";
import { formatDate, formatNumber, formatPercent, type LocalT } from "../i18n/local";
import { h } from "../ui/dom";
import type { PetitionKey } from "./messages";
import { areaNumber, signing, thresholdShare } from "./model";
import type { PetitionStatus, PetitionSummary } from "./schemas";

type T = LocalT<PetitionKey>;

/** An area in words: "Paris Centre", "5e arrondissement"… */
export function areaName(code: string, tr: Pick<Translator, "arrondissement">): string {
  if (code === "paris-centre") return "Paris Centre";
  const n = areaNumber(code);
  return n === null ? code : tr.arrondissement(n);
}

export function statusWord(t: T, status: PetitionStatus): string {
  return t(`status.${status}` as PetitionKey);
}

export function statusBadge(t: T, status: PetitionStatus): HTMLElement {
  return h("span", { class: `petition-status is-${status}`, "data-status": status }, statusWord(t, status));
}

/** The authority addressed, in the page's language ("Mairie : 5e arrondissement" / "Town hall: 5th
 * arrondissement"; the API's own name for an area the front end does not know). */
export function authorityWords(
  t: T,
  authority: PetitionSummary["authority"],
  tr: Pick<Translator, "arrondissement">,
): string {
  if (authority.kind === "city" || !authority.area) return t("authorityCity");
  const known = areaNumber(authority.area.code) !== null;
  return t("authorityArea", { area: known ? areaName(authority.area.code, tr) : authority.area.name });
}

export function themeWords(
  themes: readonly Theme[],
  ref: { slug: string; name: string },
  lang: Lang,
): string {
  const theme = themes.find((item) => item.slug === ref.slug);
  if (!theme) return ref.name;
  return lang === "en" && theme.name_en ? theme.name_en : theme.name;
}

/** The count against the threshold in words ("1 234 signature(s) sur 5 000 nécessaires (25 %)"). */
export function thresholdText(t: T, lang: Lang, count: number, threshold: number): string {
  if (count >= threshold && threshold > 0)
    return t("thresholdReached", {
      count: formatNumber(lang, count),
      threshold: formatNumber(lang, threshold),
    });
  return t("signatures", {
    count: formatNumber(lang, count),
    threshold: formatNumber(lang, threshold),
    share: formatPercent(lang, thresholdShare(count, threshold)),
  });
}

/**
 * The threshold bar: a drawn bar hidden from screen readers (the text says it all) beside its
 * text, which is what assistive technologies and a reader without colours get.
 */
export function thresholdBar(
  t: T,
  lang: Lang,
  count: number,
  threshold: number,
  options: { id?: string; compact?: boolean } = {},
): HTMLElement {
  const share = thresholdShare(count, threshold);
  const fill = h("span", { class: "petition-bar-fill" });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return h(
    "div",
    { class: `petition-threshold${options.compact ? " is-compact" : ""}`, id: options.id ?? null },
    h("span", { class: "petition-bar", "aria-hidden": "true" }, fill),
    h("p", { class: "petition-threshold-text" }, thresholdText(t, lang, count, threshold)),
  );
}

/** A petition in a list: its title (a link), status, authority, theme, threshold and dates. */
export function petitionCard(
  p: PetitionSummary,
  options: { t: T; lang: Lang; themes: readonly Theme[]; href: string; headingLevel?: "h2" | "h3" },
): HTMLElement {
  const { t, lang } = options;
  const dates: string[] = [];
  if (signing(p.status) && p.signing_ends_at)
    dates.push(t("endsOn", { date: formatDate(lang, p.signing_ends_at) }));
  if ((p.status === "threshold_reached" || p.status === "awaiting_answer") && p.answer_due_at)
    dates.push(t("dueOn", { date: formatDate(lang, p.answer_due_at) }));
  if (!dates.length) dates.push(t("filedOn", { date: formatDate(lang, p.created_at) }));
  return h(
    "li",
    { class: "petition-item", id: `petition-${p.id}`, tabindex: -1, "data-petition": p.id },
    h(
      options.headingLevel ?? "h3",
      { class: "petition-item-title" },
      h("a", { href: options.href }, p.title),
    ),
    h(
      "p",
      { class: "petition-item-meta" },
      h("span", { class: "visually-hidden" }, t("statusPrefix")),
      statusBadge(t, p.status),
      h("span", {}, authorityWords(t, p.authority, createTranslator(lang))),
      h("span", {}, themeWords(options.themes, p.theme, lang)),
      p.signed_by_me ? h("span", { class: "petition-signed" }, t("signedByMe")) : null,
    ),
    p.excerpt ? h("p", { class: "petition-item-excerpt" }, p.excerpt) : null,
    p.status === "pending" || p.status === "inadmissible"
      ? null
      : thresholdBar(t, lang, p.signature_count, p.threshold, { compact: true }),
    h("p", { class: "petition-item-dates" }, dates.join(" · ")),
  );
}
