/**
 * One colour per theme, in the order the API lists themes (their `position`). The palette
 * starts with Okabe and Ito's colour-blind-safe colours; each has at least 3:1 contrast with the
 * white outline drawn around markers. Colour is never the only cue: lists and popups name the theme.
 */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#B07800",
  "#5E4FA2",
  "#7B3294",
  "#8C510A",
  "#1B7837",
  "#B2182B",
  "#4D4D4D",
  "#006D77",
] as const;

export const UNKNOWN_COLOR = "#555555";

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h;
}

/** A function from theme slug to colour; themes missing from the list get a stable colour too. */
export function themeColors(themeSlugs: readonly string[]): (slug: string) => string {
  const bySlug = new Map(themeSlugs.map((slug, i) => [slug, PALETTE[i % PALETTE.length] ?? UNKNOWN_COLOR]));
  return (slug) => bySlug.get(slug) ?? PALETTE[hash(slug) % PALETTE.length] ?? UNKNOWN_COLOR;
}

/** The statuses the public map shows, in the order a proposal goes through them. */
export const MAP_STATUSES = ["submitted", "in_review", "accepted", "rejected", "merged"] as const;

/** One colour per status (the same colour-blind-safe palette); the words are always shown too. */
export const STATUS_COLORS: Record<string, string> = {
  submitted: "#0072B2",
  in_review: "#B07800",
  accepted: "#1B7837",
  rejected: "#B2182B",
  merged: "#5E4FA2",
};

export function statusColor(status: string): string {
  return STATUS_COLORS[status] ?? UNKNOWN_COLOR;
}
