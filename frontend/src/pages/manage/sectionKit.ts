/**
 * What the officials' sections share: the campaign and area pickers (kept in the URL), tables with
 * a caption and scope headers, a confirmation step, a status line, paged lists read to the end,
 * and for the list screens (review, moderation, audit log) a table that scrolls sideways on a
 * phone, a pager, foldable filters and error sentences.
 */
import { z } from "zod";
import { ApiError, isAbort } from "../../api/client";
import { CampaignOutput, PaginatedCampaignOutputList, ThemeOutput } from "../../api/generated/zod";
import { request, type Query } from "../../api/request";
import type { PageContext } from "../../app/page";
import { currentFirst } from "../../state/data";
import type { Lang } from "../../i18n";
import { localTranslator, type LocalT } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import type { PageInfo } from "./review.query";
import { kitMessages } from "./sectionKit.messages";
import "./sectionKit.css";

export type Campaign = z.output<typeof CampaignOutput>;
export type Theme = z.output<typeof ThemeOutput>;

const PAGE_SIZE = 200;
const MAX_PAGES = 50;

/** Every item of a paginated list (`{count, next, results}`), page after page. */
export async function allPages<S extends z.ZodTypeAny>(
  path: string,
  item: S,
  query: Query,
  signal: AbortSignal,
): Promise<z.output<S>[]> {
  const pageSchema = z.object({ next: z.string().nullable().optional(), results: z.array(item) });
  const out: z.output<S>[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await request("GET", path, {
      schema: pageSchema,
      query: { ...query, page, page_size: PAGE_SIZE },
      signal,
    });
    out.push(...(answer.results as z.output<S>[]));
    if (!answer.next) break;
  }
  return out;
}

/**
 * The city's campaigns officials work on (imported elections are an archive: nothing to manage),
 * the campaign of the moment first: the newest hundred may leave it out, and the pickers open on
 * the first one.
 */
export async function loadCampaigns(signal: AbortSignal): Promise<Campaign[]> {
  const [answer, current] = await Promise.all([
    request("GET", "campaigns/", {
      schema: PaginatedCampaignOutputList,
      query: { origin: "city", page_size: 100 },
      signal,
    }),
    request("GET", "campaigns/current/", { schema: CampaignOutput, query: { screen: "map" }, signal }).catch(
      (error: unknown) => {
        if (error instanceof ApiError && error.code === "no_current_campaign") return null;
        throw error;
      },
    ),
  ]);
  return currentFirst(answer.results, current);
}

/** The sentence to show for a failed request: the API's message, or a fallback. */
export function errorText(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.status > 0 && error.code !== "invalid_response")
    return error.message;
  return fallback;
}

/** Runs `work`, ignoring the rejection that leaving the page (abort) causes. */
export function quietly(work: Promise<unknown>, onError: (error: unknown) => void): void {
  work.catch((error: unknown) => {
    if (!isAbort(error)) onError(error);
  });
}

let ids = 0;
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled <select> not tied to a form's submit (pickers). */
export function labelledSelect(
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
 * The campaign (and optionally area) pickers, kept in the page's query (`?campagne=&zone=`).
 * `onPick` runs with the chosen campaign and area code whenever they change (and once at start).
 */
export function campaignPicker(options: {
  campaigns: Campaign[];
  query: URLSearchParams;
  lang: Lang;
  withArea: boolean;
  replaceQuery: (q: URLSearchParams) => void;
  onPick: (campaign: Campaign, area: string | null) => void;
}): HTMLElement {
  const t = localTranslator(kitMessages, options.lang);
  const { campaigns, query } = options;
  const wanted = query.get("campagne");
  let campaign = campaigns.find((c) => c.slug === wanted) ?? campaigns[0];
  const wrap = h("div", { class: "kit-pickers" });
  if (!campaign) {
    wrap.append(h("p", {}, t("noCampaign")));
    return wrap;
  }
  const cPick = labelledSelect(
    t("campaign"),
    "campagne",
    campaigns.map((c) => [c.slug, c.name]),
    campaign.slug,
  );
  wrap.append(cPick.wrap);
  let aPick: { wrap: HTMLElement; select: HTMLSelectElement } | null = null;
  const areaChoices = (c: Campaign): [string, string][] => c.areas.map((a) => [a.code, a.name]);
  const pickArea = (c: Campaign, code: string | null): string | null =>
    c.areas.find((a) => a.code === code)?.code ?? c.areas[0]?.code ?? null;
  let area = options.withArea ? pickArea(campaign, query.get("zone")) : null;
  if (options.withArea) {
    aPick = labelledSelect(t("area"), "zone", areaChoices(campaign), area ?? "");
    wrap.append(aPick.wrap);
  }
  const sync = () => {
    const next = new URLSearchParams(options.query);
    next.set("campagne", campaign?.slug ?? "");
    if (area) next.set("zone", area);
    else next.delete("zone");
    options.replaceQuery(next);
  };
  cPick.select.addEventListener("change", () => {
    campaign = campaigns.find((c) => c.slug === cPick.select.value) ?? campaign;
    if (!campaign) return;
    if (aPick) {
      area = pickArea(campaign, area);
      aPick.select.replaceChildren(
        ...areaChoices(campaign).map(([v, text]) => h("option", { value: v }, text)),
      );
      aPick.select.value = area ?? "";
    }
    sync();
    options.onPick(campaign, area);
  });
  aPick?.select.addEventListener("change", () => {
    area = aPick.select.value;
    sync();
    if (campaign) options.onPick(campaign, area);
  });
  queueMicrotask(() => {
    if (campaign) options.onPick(campaign, area);
  });
  return wrap;
}

/** A section's page put in `root`: its title (also the document's), its introduction and a status line. */
export function sectionPage(
  root: HTMLElement,
  context: PageContext,
  t: LocalT<"title" | "intro">,
): { page: HTMLElement; status: HTMLElement } {
  context.setTitle(t("title"));
  const status = statusLine();
  const page = h("div", { class: "kit-page" }, h("h1", {}, t("title")), h("p", {}, t("intro")), status);
  root.append(page);
  return { page, status };
}

/**
 * Loads the campaigns, then adds their pickers (see `campaignPicker`) and `after` to `page`; a
 * failure to load is said in `status` with the API's message or `failed`.
 */
export function pickerSection(options: {
  page: HTMLElement;
  context: PageContext;
  status: HTMLElement;
  failed: string;
  withArea: boolean;
  onPick: (campaign: Campaign, area: string | null) => void;
  after: Node[];
}): void {
  const { context } = options;
  quietly(
    loadCampaigns(context.signal).then((campaigns) => {
      options.page.append(
        campaignPicker({
          campaigns,
          query: context.query,
          lang: context.lang,
          withArea: options.withArea,
          replaceQuery: (q) => {
            context.replaceQuery(q);
          },
          onPick: options.onPick,
        }),
        ...options.after,
      );
    }),
    (error) => {
      say(options.status, errorText(error, options.failed), "error");
    },
  );
}

export interface Column {
  label: string;
  /** Shown to screen readers only (e.g. an actions column). */
  hidden?: boolean;
  numeric?: boolean;
}

/**
 * A table with its caption and scope headers; the first cell of each row is the row's header.
 * Wrapped in a focusable scrolling region so it stays usable on a narrow screen.
 */
export function dataTable(caption: string, columns: Column[], rows: (Node | string)[][]): HTMLElement {
  const table = h(
    "table",
    { class: "kit-table" },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...columns.map((c) =>
          h(
            "th",
            { scope: "col", class: c.numeric ? "num" : null },
            c.hidden ? h("span", { class: "visually-hidden" }, c.label) : c.label,
          ),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      ...rows.map((cells) =>
        h(
          "tr",
          {},
          ...cells.map((cell, i) =>
            i === 0
              ? h("th", { scope: "row" }, cell)
              : h(
                  "td",
                  { class: columns[i]?.numeric ? "num" : null, "data-label": columns[i]?.label ?? "" },
                  cell,
                ),
          ),
        ),
      ),
    ),
  );
  const id = uid("table");
  table.id = id;
  return h("div", { class: "kit-table-wrap", role: "region", "aria-label": caption, tabindex: 0 }, table);
}

/** A polite status line (outcomes of actions), also announced by screen readers. */
export function statusLine(): HTMLElement {
  return h("p", { class: "kit-status", role: "status", "aria-live": "polite" });
}

export function say(line: HTMLElement, text: string, tone: "ok" | "error" = "ok"): void {
  line.textContent = text;
  line.dataset.tone = tone;
}

/**
 * Asks to confirm in place (no modal): `message`, then "confirm" / "cancel" buttons that replace
 * `anchor`'s contents until answered. Resolves with the answer; the focus goes to the question.
 */
export function confirmIn(
  anchor: HTMLElement,
  lang: Lang,
  message: string,
  confirmLabel?: string,
): Promise<boolean> {
  const t = localTranslator(kitMessages, lang);
  return new Promise((resolve) => {
    const question = h("p", { tabindex: -1, class: "kit-confirm-question" }, message);
    const yes = h("button", { type: "button", class: "button" }, confirmLabel ?? t("confirm"));
    const no = h("button", { type: "button", class: "button button-quiet" }, t("cancel"));
    const box = h(
      "div",
      { class: "kit-confirm", role: "group", "aria-label": t("confirmTitle") },
      question,
      h("div", { class: "kit-actions" }, yes, no),
    );
    anchor.replaceChildren(box);
    anchor.hidden = false;
    question.focus();
    const done = (answer: boolean) => {
      anchor.replaceChildren();
      anchor.hidden = true;
      resolve(answer);
    };
    yes.addEventListener("click", () => {
      done(true);
    });
    no.addEventListener("click", () => {
      done(false);
    });
  });
}

/**
 * Shows `form` in `editor` as a card named by an <h2> `title` (id `headingId`) and moves the focus
 * to the heading. A `closeLabel` button joins the form's actions: it empties `editor` and gives the
 * focus back to `opener`.
 */
export function editorCard(options: {
  editor: HTMLElement;
  headingId: string;
  title: string;
  form: HTMLElement;
  opener: HTMLElement;
  closeLabel: string;
}): void {
  const { editor, headingId, form, opener } = options;
  const close = h("button", { type: "button", class: "button button-quiet" }, options.closeLabel);
  form.querySelector(".kit-actions")?.append(close);
  const heading = h("h2", { id: headingId, tabindex: -1 }, options.title);
  editor.replaceChildren(h("section", { class: "kit-card", "aria-labelledby": headingId }, heading, form));
  heading.focus();
  close.addEventListener("click", () => {
    editor.replaceChildren();
    opener.focus();
  });
}

/** A reason field (required when `required`), as the phase, role and priority changes ask. */
export function reasonField(
  lang: Lang,
  required: boolean,
  name = "reason",
): { wrap: HTMLElement; input: HTMLTextAreaElement } {
  const t = localTranslator(kitMessages, lang);
  const id = uid(name);
  const input = h("textarea", { id, name, rows: 2, maxlength: 500, required });
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { for: id }, required ? t("reasonRequired") : t("reasonOptional")),
    input,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
  );
  return { wrap, input };
}

/** A text value of a submitted form ("" when absent or a file). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

export interface ScrollColumn {
  label: string;
  /** Visually hidden header (e.g. the selection column keeps a name for screen readers). */
  hiddenLabel?: boolean;
  className?: string;
}

/** A captioned table inside a region that scrolls sideways on narrow screens. */
export function scrollTable(
  caption: string,
  columns: ScrollColumn[],
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

/** The pager's keys every list screen keeps in its own strings. */
export type PagerKey = "pagerNav" | "previous" | "next" | "position";

/** The pager's labels, from a screen's own strings. */
export function pagerLabels(t: LocalT<PagerKey>): PagerLabels {
  return {
    nav: t("pagerNav"),
    previous: t("previous"),
    next: t("next"),
    position: (page, pages) => t("position", { page, pages }),
  };
}

/**
 * The loader of a paged list screen: each call aborts the previous request, marks the screen
 * `aria-busy` while it waits and hands the page to `show`. When a page past the first fails (and
 * `backOn` accepts the error; any error by default) it goes back to page 1 with `goTo`; otherwise
 * it shows the error in `status` and a retry button in `box`.
 */
export function pagedList<P>(options: {
  signal: AbortSignal;
  busy: () => Element | null;
  fetch: (signal: AbortSignal) => Promise<P>;
  show: (page: P) => void;
  page: () => number;
  goTo: (page: number) => void;
  backOn?: (error: unknown) => boolean;
  t: LocalT<"loadFailed" | "retry">;
  status: HTMLElement;
  box: HTMLElement;
}): () => Promise<void> {
  let current: AbortController | null = null;
  const load = async (): Promise<void> => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    options.busy()?.setAttribute("aria-busy", "true");
    try {
      options.show(await options.fetch(AbortSignal.any([options.signal, controller.signal])));
    } catch (error) {
      if (isAbort(error)) return;
      if (options.page() > 1 && (options.backOn?.(error) ?? true)) {
        options.goTo(1);
        return;
      }
      setText(options.status, errorMessage(error, options.t("loadFailed")));
      const retry = h("button", { type: "button", class: "button" }, options.t("retry"));
      retry.addEventListener("click", () => void load());
      options.box.replaceChildren(retry);
    } finally {
      if (current === controller) options.busy()?.removeAttribute("aria-busy");
    }
  };
  return load;
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
