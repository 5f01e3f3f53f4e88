/**
 * Small pieces shared by the officials' list screens (review, moderation, audit log): a table
 * that scrolls sideways on a phone (a focusable, named region), a pager, the campaigns list, and
 * error sentences. Their strings come from the caller.
 */
import { z } from "zod";
import { ApiError, isAbort } from "../../api/client";
import { request } from "../../api/request";
import { PaginatedCampaignOutputList, ThemeOutput } from "../../api/generated/zod";
import { h } from "../../ui/dom";
import type { PageInfo } from "./review.query";
import "./review.css";

export type Campaign = z.output<typeof PaginatedCampaignOutputList>["results"][number];
export type Theme = z.output<typeof ThemeOutput>;

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export interface Column {
  label: string;
  /** Visually hidden header (e.g. the selection column keeps a name for screen readers). */
  hiddenLabel?: boolean;
  className?: string;
}

/** A captioned table inside a region that scrolls sideways on narrow screens. */
export function scrollTable(
  caption: string,
  columns: Column[],
): {
  region: HTMLElement;
  table: HTMLTableElement;
  caption: HTMLElement;
  head: HTMLTableRowElement;
  body: HTMLTableSectionElement;
} {
  const captionId = uid("caption");
  const captionEl = h("caption", { id: captionId }, caption);
  const head = h(
    "tr",
    {},
    ...columns.map((c) =>
      h(
        "th",
        { scope: "col", class: c.className ?? null },
        c.hiddenLabel ? h("span", { class: "visually-hidden" }, c.label) : c.label,
      ),
    ),
  );
  const body = h("tbody");
  const table = h("table", { class: "data-table" }, captionEl, h("thead", {}, head), body);
  const region = h(
    "div",
    { class: "table-scroll", role: "region", "aria-labelledby": captionId, tabindex: 0 },
    table,
  );
  return { region, table, caption: captionEl, head, body };
}

export interface PagerLabels {
  nav: string;
  previous: string;
  next: string;
  /** "Page {page} sur {pages}". */
  position: (page: number, pages: number) => string;
}

/** Previous / next buttons and the page's position; nothing when everything fits on one page. */
export function pager(info: PageInfo, labels: PagerLabels, go: (page: number) => void): HTMLElement {
  const nav = h("nav", { class: "pager", "aria-label": labels.nav });
  if (info.pages <= 1) {
    nav.hidden = true;
    return nav;
  }
  const previous = h(
    "button",
    { type: "button", class: "button button-quiet", disabled: info.page <= 1 },
    labels.previous,
  );
  const next = h(
    "button",
    { type: "button", class: "button button-quiet", disabled: info.page >= info.pages },
    labels.next,
  );
  previous.addEventListener("click", () => {
    go(info.page - 1);
  });
  next.addEventListener("click", () => {
    go(info.page + 1);
  });
  nav.append(previous, h("span", { class: "pager-position" }, labels.position(info.page, info.pages)), next);
  return nav;
}

export async function loadCampaigns(signal: AbortSignal): Promise<Campaign[]> {
  const page = await request("GET", "campaigns/", {
    schema: PaginatedCampaignOutputList,
    query: { page_size: 100 },
    signal,
  });
  return page.results;
}

export async function loadThemes(signal: AbortSignal): Promise<Theme[]> {
  return request("GET", "themes/", { schema: z.array(ThemeOutput), signal });
}

/** The campaign to show: the one asked for, else the first whose phase allows reviewing, else the first. */
export function pickCampaign(campaigns: Campaign[], wanted: string | null): Campaign | null {
  return (
    campaigns.find((c) => c.slug === wanted) ??
    campaigns.find((c) => c.current_phase === "review") ??
    campaigns.find((c) => c.current_phase === "submission") ??
    campaigns[0] ??
    null
  );
}

/** The API's own sentence for an error, or `fallback` for network trouble and surprises. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.status > 0 && error.code !== "invalid_response") {
    const fields = Object.entries(error.errors)
      .filter(([name]) => name !== "ids")
      .map(([, reasons]) => reasons.join(" "));
    return [error.message, ...fields].filter(Boolean).join(" ");
  }
  return fallback;
}

export { isAbort };

/** A labelled select that takes `[value, text]` pairs (the first often "" for "all"). */
export function choice(
  label: string,
  name: string,
  choices: [string, string][],
  value: string,
): { wrap: HTMLElement; select: HTMLSelectElement } {
  const id = uid(name);
  const select = h("select", { id, name }, ...choices.map(([v, text]) => h("option", { value: v }, text)));
  select.value = value;
  return { wrap: h("div", { class: "field" }, h("label", { for: id }, label), select), select };
}

/**
 * The filters folded under a summary ("Filtres · 2 actifs"): open on wide screens, closed on a
 * phone so that the list comes first. `setSummary` updates the summary's text.
 */
export function foldable(
  form: HTMLElement,
  summary: string,
): {
  details: HTMLDetailsElement;
  setSummary: (text: string) => void;
} {
  const label = h("summary", { class: "filters-summary" }, summary);
  const details = h("details", { class: "filters-fold" }, label, form);
  details.open = typeof window.matchMedia !== "function" || window.matchMedia("(min-width: 700px)").matches;
  return {
    details,
    setSummary: (text: string) => {
      if (label.textContent !== text) label.textContent = text;
    },
  };
}
