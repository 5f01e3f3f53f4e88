/** How a proposal of the map is put into words, shared by the list and the map popup. */
import type { MapItem, Theme } from "../api";
import type { Translator } from "../i18n";

/** The arrondissement's number from its INSEE code (75105 → 5), or null. */
export function arrondissementNumber(code: string | null): number | null {
  const match = code === null ? null : /^751(\d\d)$/.exec(code);
  const number = match ? Number(match[1]) : NaN;
  return number >= 1 && number <= 20 ? number : null;
}

/** "5e arrondissement" from the item's arrondissement code, else null. */
export function placeName(item: Pick<MapItem, "district">, tr: Translator): string | null {
  const number = arrondissementNumber(item.district);
  return number === null ? null : tr.arrondissement(number);
}

export function themeLabel(item: Pick<MapItem, "theme">, themes: readonly Theme[], tr: Translator): string {
  const theme = themes.find((t) => t.slug === item.theme);
  return theme ? tr.themeName(theme) : item.theme;
}

export function excerpt(text: string, max = 240): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
