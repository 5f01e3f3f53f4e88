/**
 * What the merge, projects, paper-ballot, campaign and role sections share: the campaign and area
 * pickers (kept in the URL), tables with a caption and scope headers, a confirmation step, a
 * status line, and paged lists read to the end.
 */
import { z } from "zod";
import { ApiError, isAbort } from "../../api/client";
import { CampaignOutput, PaginatedCampaignOutputList } from "../../api/generated/zod";
import { request, type Query } from "../../api/request";
import type { Lang } from "../../i18n";
import { localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { kitMessages } from "./sectionKit.messages";
import "./sectionKit.css";

export type Campaign = z.output<typeof CampaignOutput>;

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

export async function loadCampaigns(signal: AbortSignal): Promise<Campaign[]> {
  const answer = await request("GET", "campaigns/", {
    schema: PaginatedCampaignOutputList,
    query: { page_size: 100 },
    signal,
  });
  return answer.results;
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
