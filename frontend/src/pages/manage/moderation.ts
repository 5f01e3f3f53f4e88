/**
 * `/gestion/moderation`: the reported or hidden proposals of the official's areas, most reported
 * first, each with its open reports by reason; "Examine" opens the proposal's reports and the
 * decision (hide, or restore / keep visible, with a public reason) as the queue's `can` allows.
 * The decision is announced and the list reloaded. Filters and page live in the URL.
 */
import type { z } from "zod";
import { request } from "../../api/request";
import {
  PaginatedQueueItemOutputList,
  PaginatedReportOutputList,
  ProposalOutput,
} from "../../api/generated/zod";
import type { Page, PageContext } from "../../app/page";
import { formatDateTime, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { errorSummary, showErrors, submitting, textArea } from "../../ui/forms";
import { moderationMessages, type ModerationKey } from "./moderation.messages";
import {
  MODERATION_PAGE_SIZE,
  REASONS,
  SHOWS,
  moderationFromUrl,
  moderationToApi,
  moderationToUrl,
  reasonsInOrder,
  type ModerationFilters,
} from "./moderation.query";
import { pageInfo } from "./review.query";
import {
  errorMessage,
  isAbort,
  labelledSelect,
  pagedList,
  pager,
  pagerLabels,
  scrollTable,
} from "./sectionKit";
import { commentQueueSection } from "./moderation.comments";
import "../../conversations/conversations.css";
import "./review.css";

type Item = z.output<typeof PaginatedQueueItemOutputList>["results"][number];

function mount(root: HTMLElement, context: PageContext): void {
  const t = localTranslator(moderationMessages, context.lang);
  const tr = context.t;
  const lang = context.lang;
  context.setTitle(t("title"));
  const reasonName = (r: string) =>
    (REASONS as readonly string[]).includes(r) ? t(`reason.${r}` as ModerationKey) : r;

  let filters: ModerationFilters = moderationFromUrl(context.query);
  let items: Item[] = [];
  let openId: number | null = null;

  const heading = h("h1", {}, t("title"));
  const filterForm = h("form", { class: "manage-filters", role: "search", "aria-label": t("filters") });
  const status = h("p", { class: "manage-status", role: "status", "aria-live": "polite" }, t("loading"));
  const tableBox = h("div");
  const pagerBox = h("div");
  const panel = h("div");
  const screen = h(
    "div",
    { class: "manage-screen" },
    heading,
    h("p", { class: "muted" }, t("intro")),
    filterForm,
    status,
    tableBox,
    pagerBox,
    panel,
  );
  root.append(screen);

  function setFilters(next: ModerationFilters): void {
    filters = next;
    context.replaceQuery(moderationToUrl(filters));
    void load();
  }

  function drawFilters(): void {
    const show = labelledSelect(
      t("show"),
      "show",
      SHOWS.map((s): [string, string] => [s, t(`show.${s}`)]),
      filters.show,
    );
    const reason = labelledSelect(
      t("reason"),
      "reason",
      [["", t("allReasons")], ...REASONS.map((r): [string, string] => [r, reasonName(r)])],
      filters.reason ?? "",
    );
    show.select.addEventListener("change", () => {
      setFilters({ ...filters, show: show.select.value as ModerationFilters["show"], page: 1 });
    });
    reason.select.addEventListener("change", () => {
      setFilters({
        ...filters,
        reason: (reason.select.value || null) as ModerationFilters["reason"],
        page: 1,
      });
    });
    filterForm.addEventListener("submit", (event) => {
      event.preventDefault();
    });
    filterForm.replaceChildren(show.wrap, reason.wrap);
  }

  function drawTable(count: number): void {
    const info = pageInfo(count, filters.page, MODERATION_PAGE_SIZE, items.length);
    const { region, body } = scrollTable(t("caption", { page: info.page, pages: info.pages }), [
      { label: t("col.title") },
      { label: t("col.area") },
      { label: t("col.state") },
      { label: t("col.open"), className: "num" },
      { label: t("col.reasons") },
      { label: t("col.waiting") },
      { label: t("col.action") },
    ]);
    for (const item of items) {
      const examine = h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          "data-id": item.id,
          "aria-label": t("examineLabel", { title: item.title }),
          "aria-expanded": openId === item.id ? "true" : "false",
        },
        t("examine"),
      );
      examine.addEventListener("click", () => void examineItem(item));
      const reasons = reasonsInOrder(item.reasons);
      body.append(
        h(
          "tr",
          { "data-id": item.id, class: openId === item.id ? "is-selected" : null },
          h(
            "th",
            { scope: "row" },
            h("a", { href: `/propositions/${item.id}` }, item.title),
            h("br"),
            h("span", { class: "muted" }, `n° ${item.id} · ${tr.status(item.status)}`),
          ),
          h("td", { class: "nowrap" }, item.area?.name ?? "—"),
          h(
            "td",
            {},
            item.is_hidden
              ? h(
                  "span",
                  {},
                  h("span", { class: "tag tag-hidden" }, t("hiddenTag")),
                  item.hidden_reason ? ` ${item.hidden_reason}` : "",
                )
              : h("span", { class: "tag" }, t("visible")),
          ),
          h("td", { class: "num" }, tr.number(item.open_reports)),
          h(
            "td",
            {},
            reasons.length ? reasons.map(([r, n]) => `${reasonName(r)} × ${tr.number(n)}`).join(", ") : "—",
          ),
          h("td", { class: "nowrap" }, formatDateTime(lang, item.waiting_since)),
          h("td", {}, examine),
        ),
      );
    }
    tableBox.replaceChildren(count > 0 ? region : "");
    pagerBox.replaceChildren(
      pager(info, pagerLabels(t), (page) => {
        setFilters({ ...filters, page });
        heading.focus();
      }),
    );
    setText(
      status,
      count === 0 ? t("countNone") : count === 1 ? t("countOne") : t("count", { count: tr.number(count) }),
    );
  }

  async function examineItem(item: Item, message = ""): Promise<void> {
    openId = item.id;
    for (const b of tableBox.querySelectorAll<HTMLButtonElement>("button[data-id]")) {
      b.setAttribute("aria-expanded", String(Number(b.dataset.id) === item.id));
    }
    const title = h("h2", { tabindex: -1 }, t("panel.title", { title: item.title }));
    const close = h("button", { type: "button", class: "button button-quiet" }, t("panel.close"));
    close.addEventListener("click", () => {
      openId = null;
      panel.replaceChildren();
      tableBox.querySelector<HTMLButtonElement>(`button[data-id="${item.id}"]`)?.focus();
    });
    const reportsBox = h("div", {}, h("p", {}, t("reports.loading")));
    const notice = h("p", { class: "outcome", role: "status" }, message);
    notice.hidden = !message;
    const state = item.is_hidden
      ? t("panel.hiddenBecause", {
          date: item.hidden_at ? formatDateTime(lang, item.hidden_at) : "—",
          reason: item.hidden_reason,
        })
      : t("panel.visible");
    panel.replaceChildren(
      h(
        "section",
        { class: "decision-panel", "aria-labelledby": "moderation-panel-title" },
        Object.assign(title, { id: "moderation-panel-title" }),
        notice,
        h("p", {}, state, " ", h("a", { href: `/propositions/${item.id}` }, t("panel.public"))),
        reportsBox,
        decisionForm(item),
        h("div", { class: "button-row" }, close),
      ),
    );
    if (!message) title.focus();
    try {
      const reports = await request("GET", "moderation/reports/", {
        schema: PaginatedReportOutputList,
        query: { proposal: item.id, page_size: 200 },
        signal: context.signal,
      });
      if (reports.results.length === 0) {
        reportsBox.replaceChildren(h("p", {}, t("reports.none")));
        return;
      }
      const { region, body } = scrollTable(t("reports.caption"), [
        { label: t("reports.col.when") },
        { label: t("reports.col.who") },
        { label: t("reports.col.reason") },
        { label: t("reports.col.text") },
        { label: t("reports.col.state") },
      ]);
      for (const r of reports.results) {
        body.append(
          h(
            "tr",
            {},
            h("th", { scope: "row", class: "nowrap" }, formatDateTime(lang, r.created_at)),
            h("td", {}, r.reporter?.display_name ?? t("reports.unknown")),
            h("td", {}, reasonName(r.reason)),
            h("td", {}, r.text || "—"),
            h(
              "td",
              {},
              r.outcome === "hidden"
                ? t("reports.hidden")
                : r.outcome === "kept"
                  ? t("reports.kept")
                  : t("reports.open"),
            ),
          ),
        );
      }
      reportsBox.replaceChildren(region);
    } catch (error) {
      if (!isAbort(error)) reportsBox.replaceChildren(h("p", {}, errorMessage(error, t("loadFailed"))));
    }
  }

  function decisionForm(item: Item): HTMLElement {
    if (!item.can.hide && !item.can.restore) return h("p", {}, t("decision.none"));
    const form = h("form", { novalidate: true });
    const reason = textArea({
      label: t("decision.reason"),
      name: "reason",
      rows: 2,
      required: true,
      hint: t("decision.hint"),
    });
    const buttons: HTMLButtonElement[] = [];
    let verb: "hide" | "restore" = item.can.hide ? "hide" : "restore";
    for (const v of ["hide", "restore"] as const) {
      if (!item.can[v]) continue;
      const b = h(
        "button",
        { type: "submit", class: v === "hide" ? "button" : "button button-quiet", value: v },
        t(`decision.${v}`),
      );
      b.addEventListener("click", () => {
        verb = v;
      });
      buttons.push(b);
    }
    form.append(errorSummary(), reason, h("div", { class: "button-row" }, ...buttons));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const submitter = event.submitter;
      if (
        submitter instanceof HTMLButtonElement &&
        (submitter.value === "hide" || submitter.value === "restore")
      )
        verb = submitter.value;
      const text = form.querySelector<HTMLTextAreaElement>("[name=reason]")?.value ?? "";
      void submitting(form, async () => {
        try {
          const p = await request("POST", `proposals/${item.id}/${verb}/`, {
            schema: ProposalOutput,
            body: { reason: text },
            signal: context.signal,
          });
          const said = t(p.is_hidden ? "decision.hidden" : "decision.restored", { title: p.title });
          context.announce(said);
          await load();
          const fresh = items.find((i) => i.id === item.id);
          if (fresh) await examineItem(fresh, said);
          else {
            openId = null;
            panel.replaceChildren(h("p", { class: "outcome", role: "status", tabindex: -1 }, said));
          }
          panel.querySelector<HTMLElement>(".outcome")?.focus();
        } catch (error) {
          if (!isAbort(error)) showErrors(form, error, t("failed"));
        }
      });
    });
    return form;
  }

  const load = pagedList({
    signal: context.signal,
    busy: () => screen,
    fetch: (signal) =>
      request("GET", "moderation/queue/", {
        schema: PaginatedQueueItemOutputList,
        query: moderationToApi(filters),
        signal,
      }),
    show: (page) => {
      items = page.results;
      drawTable(page.count);
    },
    page: () => filters.page,
    goTo: (page) => {
      setFilters({ ...filters, page });
    },
    t,
    status,
    box: tableBox,
  });

  drawFilters();
  void load();
  screen.append(
    commentQueueSection({
      lang,
      announce: (text) => {
        context.announce(text);
      },
      signal: context.signal,
    }),
  );
}

const page: Page = {
  mount(root, context) {
    mount(root, context);
    return undefined;
  },
};

export default page;
