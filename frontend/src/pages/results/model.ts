/**
 * The results screen's view model: pure functions from the API's answers (validated by the
 * generated schemas) to what the page draws — which campaigns have results, areas in city order,
 * winners and the others, grade profiles as bar segments, shares as bar widths, figures as text.
 * No DOM, no fetch: tested on their own.
 */
import type { z } from "zod";
import { apiUrl } from "../../api/request";
import type * as api from "../../api/generated/zod";
import type { Lang } from "../../i18n";
import { formatMoney, formatNumber, formatPercent } from "../../i18n/local";

export type Results = z.output<typeof api.ResultsOutput>;
export type AreaResult = z.output<typeof api.ResultOutput>;
export type ProjectFigures = z.output<typeof api.ProjectFiguresOutput>;
export type Grade = z.output<typeof api.MajorityGradeEnum>;
export type CampaignSummary = z.output<typeof api.CampaignOutput>;

/** The phases in which a campaign's results are published. */
export const RESULT_PHASES: readonly string[] = ["results", "implementation", "closed"];

/** Majority judgment's grades, best first (the order of the bar, left to right). */
export const GRADES: readonly Grade[] = ["adore", "aime_bien", "pourquoi_pas", "pas_convaincu"];

/** The campaigns whose results can be read, most recent first as the API lists them. */
export function campaignsWithResults(campaigns: CampaignSummary[]): CampaignSummary[] {
  return campaigns.filter((c) => RESULT_PHASES.includes(c.current_phase));
}

/** A share (0 to 1, or anything) as a bar width in percent, clamped to 0–100, one decimal. */
export function barWidth(share: number | null | undefined): number {
  if (share === null || share === undefined || !Number.isFinite(share)) return 0;
  const clamped = Math.min(1, Math.max(0, share));
  return Math.round(clamped * 1000) / 10;
}

/**
 * Widths in percent (one decimal) for parts of a whole, summing to exactly 100 when anything is
 * there (largest remainder), so a stacked bar never overflows nor leaves a gap.
 */
export function stackedWidths(values: number[]): number[] {
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (total <= 0) return clean.map(() => 0);
  const exact = clean.map((v) => (v / total) * 1000);
  const floors = exact.map((v) => Math.floor(v));
  let left = 1000 - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((v, i) => ({ i, rest: v - Math.floor(v) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left -= 1;
  }
  return floors.map((v) => v / 10);
}

export interface GradeSegment {
  grade: Grade;
  /** Voters who gave the grade. */
  count: number;
  /** Their share of the voters (0 to 1). */
  share: number;
  /** The segment's width in the bar, in percent. */
  width: number;
}

/** A project's grade profile as bar segments, best grade first; null when it has none. */
export function gradeProfile(project: ProjectFigures): GradeSegment[] | null {
  const shares = project.grade_shares;
  if (!shares) return null;
  const counts = project.grades;
  const values = GRADES.map((g) => shares[g]);
  const widths = stackedWidths(values);
  return GRADES.map((grade, i) => ({
    grade,
    count: counts ? counts[grade] : 0,
    share: values[i] as number,
    width: widths[i] as number,
  }));
}

/** Which figure tells a project's support: grades (majority judgment), points or votes. */
export type FigureKind = "grades" | "points" | "votes";

export function figureKind(result: AreaResult): FigureKind {
  if (result.method === "majority_judgment" || result.projects.some((p) => p.grade_shares)) {
    return "grades";
  }
  if (result.projects.some((p) => p.points !== undefined)) return "points";
  return "votes";
}

/** The funded projects in their order of funding (rank), then the others by rank. */
export function splitProjects(result: AreaResult): {
  winners: ProjectFigures[];
  others: ProjectFigures[];
} {
  const byRank = [...result.projects].sort((a, b) => a.rank - b.rank || a.project - b.project);
  return { winners: byRank.filter((p) => p.selected), others: byRank.filter((p) => !p.selected) };
}

/** A Paris area's arrondissement numbers (Tout Paris: all 20; Paris Centre: 1–4); none otherwise. */
export function areaArrondissements(code: string): number[] {
  if (code === "paris") return Array.from({ length: 20 }, (_, i) => i + 1);
  if (code === "paris-centre") return [1, 2, 3, 4];
  const m = /^paris-(\d{2})$/.exec(code);
  if (!m) return [];
  const n = Number(m[1]);
  return n >= 1 && n <= 20 ? [n] : [];
}

/** An area's name in the page's language: a single arrondissement by the translator's words. */
export function areaName(
  area: { code: string; name: string },
  arrondissement: (n: number) => string,
): string {
  const m = /^paris-(\d{2})$/.exec(area.code);
  return m ? arrondissement(Number(m[1])) : area.name;
}

/** Whether the campaign's areas are Paris's (so the arrondissements' outlines belong on its map). */
export function isParis(areas: { code: string }[]): boolean {
  return areas.some((a) => areaArrondissements(a.code).length > 0);
}

/** City-wide areas first, then arrondissements in their order (Paris Centre, 5th … 20th). */
export function sortAreas<T extends { area: { code: string; kind: string; name: string } }>(items: T[]): T[] {
  const key = (item: T): [number, number, string] => {
    const numbers = areaArrondissements(item.area.code);
    const first = numbers.length > 0 ? Math.min(...numbers) : 99;
    return [item.area.kind === "city" ? 0 : 1, first, item.area.name];
  };
  return [...items].sort((a, b) => {
    const [ka, na, sa] = key(a);
    const [kb, nb, sb] = key(b);
    return ka - kb || na - nb || sa.localeCompare(sb, "fr");
  });
}

/** The winners that have a place, for the map: [lat, lng] with their area and rank among winners. */
export interface WinnerPoint {
  area: string;
  project: number;
  title: string;
  /** 1 for the first funded project of its area. */
  position: number;
  latLng: [number, number];
}

export function winnerPoints(results: AreaResult[]): WinnerPoint[] {
  const points: WinnerPoint[] = [];
  for (const result of results) {
    splitProjects(result).winners.forEach((p, i) => {
      if (p.latitude === undefined || p.longitude === undefined) return;
      points.push({
        area: result.area.code,
        project: p.project,
        title: p.title,
        position: i + 1,
        latLng: [p.latitude, p.longitude],
      });
    });
  }
  return points;
}

/** The distinct rules of the areas, in first-seen order (one in the usual case). */
export function distinctRules(results: AreaResult[]): string[] {
  return [...new Set(results.map((r) => r.rule))];
}

export interface MoneyUse {
  used: string;
  total: string;
  percent: string;
  width: number;
}

/** The envelope and what the funded projects take of it, as text and a bar width. */
export function envelopeUse(lang: Lang, result: AreaResult): MoneyUse {
  return {
    used: formatMoney(lang, result.total_cost),
    total: formatMoney(lang, result.budget),
    percent: formatPercent(lang, result.budget_share_used),
    width: barWidth(result.budget_share_used),
  };
}

/** The share reserved for priority neighbourhoods and what priority projects took; null without one. */
export function reservedUse(lang: Lang, result: AreaResult): MoneyUse | null {
  if (!result.reserved_amount || result.reserved_share_used === null) return null;
  return {
    used: formatMoney(lang, result.reserved_used ?? 0),
    total: formatMoney(lang, result.reserved_amount),
    percent: formatPercent(lang, result.reserved_share_used),
    width: barWidth(result.reserved_share_used),
  };
}

export interface Turnout {
  voters: string;
  online: string;
  paper: string;
  counted: string;
  notCounted: string;
  hasNotCounted: boolean;
  /** False when no voter is on record (an imported election has ballots only). */
  hasVoters: boolean;
}

export function turnout(lang: Lang, result: AreaResult): Turnout {
  const t = result.turnout;
  return {
    voters: formatNumber(lang, t.online + t.paper),
    online: formatNumber(lang, t.online),
    paper: formatNumber(lang, t.paper),
    counted: formatNumber(lang, t.ballots_counted),
    notCounted: formatNumber(lang, t.ballots_not_counted),
    hasNotCounted: t.ballots_not_counted > 0,
    hasVoters: t.online + t.paper > 0,
  };
}

/** A grade's share as text: "67 %" / "67%" (whole percent, one decimal under 1 %). */
export function shareText(lang: Lang, share: number): string {
  return formatPercent(lang, share, share > 0 && share < 0.01 ? 1 : 0);
}

/** Points as text: whole numbers as such, fractions with two decimals at most. */
export function pointsText(lang: Lang, points: number): string {
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 2 }).format(
    points,
  );
}

/** The download links of a campaign's results (optionally one area's) and of an area's ballots. */
export function downloads(slug: string, area: string | null) {
  const base = `campaigns/${encodeURIComponent(slug)}/`;
  const query = area ? { area } : {};
  return {
    csv: apiUrl(`${base}results.csv`, query),
    geojson: apiUrl(`${base}results.geojson`, query),
    csvName: `${slug}${area ? `-${area}` : ""}-results.csv`,
    geojsonName: `${slug}${area ? `-${area}` : ""}-results.geojson`,
  };
}

export function ballotFile(slug: string, area: string): { href: string; name: string } {
  return {
    href: apiUrl(`campaigns/${encodeURIComponent(slug)}/areas/${encodeURIComponent(area)}/ballots.pb`),
    name: `${slug}-${area}.pb`,
  };
}

/** The area the page shows: the one in the URL when the campaign has it, else every area (null). */
export function pickArea(results: AreaResult[], wanted: string | null): string | null {
  if (!wanted) return null;
  return results.some((r) => r.area.code === wanted) ? wanted : null;
}
