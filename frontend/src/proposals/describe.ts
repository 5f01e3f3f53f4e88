/** How a proposal is put into words, shared by the list and the map popup. */
import type { Proposal, Theme } from "../api";
import type { Translator } from "../i18n";

/** "5e arrondissement" from an arrondissement code (75105), else the name the API gave. */
export function placeName(proposal: Proposal, tr: Translator): string | null {
  const district = proposal.district;
  if (!district) return null;
  const match = /^751(\d\d)$/.exec(district.code);
  const number = match ? Number(match[1]) : NaN;
  const arrondissement = number >= 1 && number <= 20 ? tr.arrondissement(number) : district.name;
  return proposal.quartier ? `${proposal.quartier.name}, ${arrondissement}` : arrondissement;
}

export function themeLabel(proposal: Proposal, themes: readonly Theme[], tr: Translator): string {
  const theme = themes.find((t) => t.slug === proposal.theme.slug);
  return tr.themeName(theme ?? proposal.theme);
}

export function excerpt(text: string, max = 240): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
