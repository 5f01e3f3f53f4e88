/**
 * `/gestion/etude`: the review queue of the official's areas (filters in the URL, pages, counts,
 * a selection for bulk actions with each proposal's outcome, publishing prepared answers, the
 * CSV export). `/gestion/etude/<id>`: one proposal's review form (start, accept with a cost,
 * reject with a public reason, prepare an answer, private notes, assign), each part shown only
 * when the proposal's `can` allows it.
 */
import type { z } from "zod";
import { ApiError } from "../../api/client";
import { apiUrl, request } from "../../api/request";
import {
  BulkOutput,
  PaginatedProposalOfficialOutputList,
  ProposalOfficialOutput,
  ProposalOutput,
  PublishOutput,
} from "../../api/generated/zod";
import type { Page, PageContext } from "../../app/page";
import { formatDate, formatMoney, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { errorSummary, field, selectField, showErrors, submitting, textArea } from "../../ui/forms";
import { reviewMessages } from "./review.messages";
import {
  ASSIGNEES,
  ORDERS,
  BULK_ACTIONS,
  BULK_MAX,
  EMPTY_FILTERS,
  PAGE_SIZES,
  STATUSES,
  activeFilterCount,
  bulkOutcome,
  eligibility,
  filtersFromUrl,
  filtersToApi,
  filtersToUrl,
  pageInfo,
  pageSelectionState,
  parseEuros,
  selectRange,
  setMany,
  toggle,
  withFilter,
  type BulkAction,
  type ReviewFilters,
} from "./review.query";
import {
  type Campaign,
  errorMessage,
  foldable,
  isAbort,
  labelledSelect,
  loadCampaigns,
  loadThemes,
  pagedList,
  pager,
  pagerLabels,
  pickCampaign,
  scrollTable,
  type Theme,
} from "./sectionKit";
import "./review.css";

type Official = z.output<typeof ProposalOfficialOutput>;
type Public = z.output<typeof ProposalOutput>;

/** A field error made on this side (a cost that is not a number), shown like the API's. */
function localError(name: string, message: string): ApiError {
  return new ApiError(400, "invalid", message, { [name]: [message] });
}

// --- the queue -----------------------------------------------------------------------------------

/** The queue's last filters, so that the review form's "back" link returns to the same view. */
let lastQueueQuery = "";

function mountQueue(root: HTMLElement, context: PageContext): void {
  const t = localTranslator(reviewMessages, context.lang);
  const tr = context.t;
  const lang = context.lang;
  const user = context.session.user();
  context.setTitle(t("title"));

  let filters: ReviewFilters = filtersFromUrl(context.query);
  lastQueueQuery = filtersToUrl(filters).toString();
  let campaigns: Campaign[] = [];
  let themes: Theme[] = [];
  let rows: Official[] = [];
  let selection = new Set<number>();
  let anchor: number | null = null;
  /** Titles of the proposals seen, to name them in a bulk action's outcome. */
  const titles = new Map<number, string>();

  const heading = h("h1", {}, t("title"));
  const intro = h("p", { class: "muted" }, t("intro"));
  const campaignBox = h("div");
  const filterForm = h("form", { class: "manage-filters", role: "search", "aria-label": t("filters") });
  const fold = foldable(filterForm, t("filters"));
  const status = h("p", { class: "manage-status", role: "status", "aria-live": "polite" }, t("loading"));
  const toolbar = h("div", { class: "manage-toolbar" });
  const bulkBox = h("div");
  const tableBox = h("div");
  const pagerBox = h("div");
  const publishBox = h("div");
  root.append(
    h(
      "div",
      { class: "manage-screen" },
      heading,
      intro,
      campaignBox,
      fold.details,
      status,
      toolbar,
      bulkBox,
      tableBox,
      pagerBox,
      publishBox,
    ),
  );

  const campaign = () => campaigns.find((c) => c.slug === filters.campaign) ?? null;

  function areaChoices(): [string, string][] {
    const c = campaign();
    const all = c?.areas ?? [];
    const mine = user?.role === "administrator" ? all : all.filter((a) => user?.areas.includes(a.code));
    return mine.map((a) => [a.code, a.name]);
  }

  function setFilters(next: ReviewFilters): void {
    filters = next;
    lastQueueQuery = filtersToUrl(filters).toString();
    context.replaceQuery(filtersToUrl(filters));
    void load();
  }

  // --- filters --------------------------------------------------------------------------------
  function drawCampaign(): void {
    if (campaigns.length <= 1) {
      const c = campaign();
      campaignBox.replaceChildren(
        c ? h("p", {}, h("strong", {}, c.name), " — ", t("phase", { phase: tr.phase(c.current_phase) })) : "",
      );
      return;
    }
    const { wrap, select } = labelledSelect(
      t("campaign"),
      "campaign",
      campaigns.map((c) => [c.slug, `${c.name} (${tr.phase(c.current_phase)})`]),
      filters.campaign ?? "",
    );
    select.addEventListener("change", () => {
      setFilters(withFilter(filters, { campaign: select.value, area: null }));
      drawFilters();
      drawPublish();
    });
    campaignBox.replaceChildren(wrap);
  }

  function drawFilters(): void {
    const yesNo = (value: boolean | null) => (value === null ? "" : String(value));
    const area = labelledSelect(
      t("area"),
      "area",
      [["", t("allAreas")], ...areaChoices()],
      filters.area ?? "",
    );
    const statusSel = labelledSelect(
      t("status"),
      "status",
      [["", t("allStatuses")], ...STATUSES.map((s): [string, string] => [s, tr.status(s)])],
      filters.status ?? "",
    );
    const theme = labelledSelect(
      t("theme"),
      "theme",
      [["", t("allThemes")], ...themes.map((th): [string, string] => [th.slug, tr.themeName(th)])],
      filters.theme ?? "",
    );
    const assignee = labelledSelect(
      t("assignee"),
      "assignee",
      [["", t("anyone")], ...ASSIGNEES.map((a): [string, string] => [a, t(`assignee.${a}`)])],
      filters.assignee ?? "",
    );
    const yn: [string, string][] = [
      ["", t("either")],
      ["true", t("yes")],
      ["false", t("no")],
    ];
    const prepared = labelledSelect(t("prepared"), "prepared", yn, yesNo(filters.prepared));
    const hidden = labelledSelect(t("hidden"), "hidden", yn, yesNo(filters.hidden));
    const order = labelledSelect(
      t("order"),
      "order",
      ORDERS.map((o): [string, string] => [o, t(`order.${o}`)]),
      filters.order,
    );
    const size = labelledSelect(
      t("pageSize"),
      "size",
      PAGE_SIZES.map((n): [string, string] => [String(n), tr.number(n)]),
      String(filters.pageSize),
    );
    const search = field({ label: t("search"), name: "q", type: "search", value: filters.search });
    const apply = h("button", { type: "submit", class: "button" }, t("apply"));
    const clear = h("button", { type: "button", class: "button button-quiet" }, t("clear"));
    const bool = (v: string) => (v === "" ? null : v === "true");
    const read = (): Partial<ReviewFilters> => ({
      area: area.select.value || null,
      status: (statusSel.select.value || null) as ReviewFilters["status"],
      theme: theme.select.value || null,
      assignee: (assignee.select.value || null) as ReviewFilters["assignee"],
      prepared: bool(prepared.select.value),
      hidden: bool(hidden.select.value),
      order: order.select.value as ReviewFilters["order"],
      pageSize: Number(size.select.value),
      search: (search.querySelector("input")?.value ?? "").trim(),
    });
    for (const s of [area, statusSel, theme, assignee, prepared, hidden, order, size]) {
      s.select.addEventListener("change", () => {
        setFilters(withFilter(filters, read()));
      });
    }
    filterForm.onsubmit = (event) => {
      event.preventDefault();
      setFilters(withFilter(filters, read()));
    };
    clear.addEventListener("click", () => {
      setFilters(
        withFilter(filters, { ...EMPTY_FILTERS, campaign: filters.campaign, pageSize: filters.pageSize }),
      );
      drawFilters();
    });
    filterForm.replaceChildren(
      area.wrap,
      statusSel.wrap,
      theme.wrap,
      assignee.wrap,
      prepared.wrap,
      hidden.wrap,
      search,
      order.wrap,
      size.wrap,
      h("div", { class: "filter-actions" }, apply, clear),
    );
  }

  // --- the table ------------------------------------------------------------------------------
  function drawTable(count: number): void {
    const info = pageInfo(count, filters.page, filters.pageSize, rows.length);
    const { region, head, body } = scrollTable(t("caption", { page: info.page, pages: info.pages }), [
      { label: t("col.select"), hiddenLabel: true, className: "select-cell" },
      { label: t("col.id"), className: "num" },
      { label: t("col.title") },
      { label: t("col.area") },
      { label: t("col.theme") },
      { label: t("col.status") },
      { label: t("col.assignee") },
      { label: t("col.prepared") },
      { label: t("col.cost"), className: "num" },
      { label: t("col.supports"), className: "num" },
      { label: t("col.created") },
    ]);
    const ids = rows.map((r) => r.id);
    const all = h("input", { type: "checkbox", id: "review-select-all", "aria-label": t("selectAll") });
    const firstHead = head.firstElementChild;
    if (firstHead) firstHead.replaceChildren(all);
    const syncAll = () => {
      const state = pageSelectionState(selection, ids);
      all.checked = state === "all";
      all.indeterminate = state === "some";
      for (const tr of body.querySelectorAll<HTMLTableRowElement>("tr")) {
        const id = Number(tr.dataset.id);
        const box = tr.querySelector<HTMLInputElement>("input[type=checkbox]");
        if (box) box.checked = selection.has(id);
        tr.classList.toggle("is-selected", selection.has(id));
      }
      drawBulk();
    };
    all.addEventListener("change", () => {
      selection = setMany(selection, ids, all.checked);
      syncAll();
    });
    for (const row of rows) {
      const box = h("input", {
        type: "checkbox",
        name: "selected",
        value: row.id,
        "aria-label": t("selectOne", { title: row.title }),
      });
      box.addEventListener("click", (event) => {
        if (event.shiftKey && anchor !== null)
          selection = selectRange(selection, ids, anchor, row.id, box.checked);
        else selection = toggle(selection, row.id, box.checked);
        anchor = row.id;
        syncAll();
      });
      const prepared =
        row.prepared_decision === "accepted"
          ? t("preparedTag.accepted", {
              cost: row.prepared_cost === null ? "?" : formatMoney(lang, row.prepared_cost),
            })
          : row.prepared_decision === "rejected"
            ? t("preparedTag.rejected")
            : t("nobody");
      body.append(
        h(
          "tr",
          { "data-id": row.id },
          h("td", { class: "select-cell" }, box),
          h("td", { class: "num" }, String(row.id)),
          h(
            "th",
            { scope: "row" },
            h("a", { href: `/gestion/etude/${row.id}` }, row.title),
            row.is_hidden ? h("span", {}, " ", h("span", { class: "tag tag-hidden" }, t("hiddenTag"))) : null,
          ),
          h("td", { class: "nowrap" }, row.area?.name ?? t("nobody")),
          h("td", {}, tr.themeName(row.theme)),
          h(
            "td",
            { class: "nowrap" },
            h("span", { class: `tag status-${row.status}` }, tr.status(row.status)),
          ),
          h("td", {}, row.assignee ?? t("nobody")),
          h("td", {}, prepared),
          h(
            "td",
            { class: "num" },
            row.estimated_cost === null ? t("nobody") : formatMoney(lang, row.estimated_cost),
          ),
          h("td", { class: "num", "data-supports": row.supports }, tr.number(row.supports)),
          h("td", { class: "nowrap" }, formatDate(lang, row.created_at)),
        ),
      );
    }
    tableBox.replaceChildren(count > 0 ? region : "");
    pagerBox.replaceChildren(
      pager(info, pagerLabels(t), (page) => {
        setFilters(withFilter(filters, { page }));
        heading.focus();
      }),
    );
    syncAll();
    const active = activeFilterCount(filters);
    const counted =
      count === 0
        ? t("countNone")
        : count === 1
          ? t("countOne")
          : t("count", { count: tr.number(count), first: tr.number(info.first), last: tr.number(info.last) });
    setText(status, active ? `${counted} · ${t("activeFilters", { count: active })}` : counted);
    fold.setSummary(active ? `${t("filters")} · ${t("activeFilters", { count: active })}` : t("filters"));
    drawToolbar();
  }

  function drawToolbar(): void {
    if (!filters.campaign) {
      toolbar.replaceChildren();
      return;
    }
    const href = apiUrl("review/export.csv", filtersToApi(filters, { paged: false }));
    toolbar.replaceChildren(h("a", { href, download: "", class: "export-link" }, t("export")));
  }

  // --- bulk actions ---------------------------------------------------------------------------
  let bulkAction: BulkAction = "start_review";
  let lastOutcome: HTMLElement | null = null;

  function drawBulk(): void {
    const count = selection.size;
    const fieldset = h("fieldset", { class: "bulk-panel" }, h("legend", {}, t("bulk.legend")));
    if (count === 0) {
      fieldset.append(h("p", {}, t("bulk.none")));
      bulkBox.replaceChildren(fieldset, lastOutcome ?? "");
      return;
    }
    const clearButton = h("button", { type: "button", class: "button button-quiet" }, t("bulk.clear"));
    clearButton.addEventListener("click", () => {
      selection = new Set();
      drawTable(lastCount);
    });
    const form = h("form", { novalidate: true });
    const summary = errorSummary();
    const action = selectField({
      label: t("bulk.action"),
      name: "action",
      value: bulkAction,
      choices: BULK_ACTIONS.map((a): [string, string] => [a, t(`bulk.${a}`)]),
    });
    const actionSelect = action.querySelector("select") as HTMLSelectElement;
    const extra =
      bulkAction === "accept"
        ? field({ label: t("bulk.cost"), name: "cost", attrs: { inputmode: "numeric" }, required: true })
        : bulkAction === "reject"
          ? textArea({ label: t("bulk.answer"), name: "answer", rows: 2, required: true })
          : bulkAction === "assign"
            ? field({ label: t("bulk.assignee"), name: "assignee", type: "email", value: user?.email ?? "" })
            : null;
    actionSelect.addEventListener("change", () => {
      bulkAction = actionSelect.value as BulkAction;
      drawBulk();
      bulkBox.querySelector<HTMLSelectElement>("select[name=action]")?.focus();
    });
    const e = eligibility(rows, selection, bulkAction);
    const tooMany = count > BULK_MAX;
    const submit = h("button", { type: "submit", class: "button", disabled: tooMany }, t("bulk.apply"));
    form.append(
      summary,
      h("div", { class: "bulk-row" }, action, extra),
      h(
        "p",
        { class: "muted" },
        t("bulk.eligible", {
          allowed: tr.number(e.allowed.length),
          refused: tr.number(e.refused.length),
          unknown: tr.number(e.unknown.length),
        }),
        " ",
        t("bulk.allOrNothing"),
      ),
      tooMany ? h("p", { class: "field-error" }, t("bulk.tooMany", { max: BULK_MAX })) : "",
      h("div", { class: "button-row" }, submit, clearButton),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void runBulk(form);
    });
    fieldset.append(
      h("p", { class: "manage-status", id: "bulk-count" }, t("bulk.selected", { count: tr.number(count) })),
      form,
    );
    bulkBox.replaceChildren(fieldset, lastOutcome ?? "");
  }

  async function runBulk(form: HTMLFormElement): Promise<void> {
    const ids = [...selection].sort((a, b) => a - b);
    const body: Record<string, unknown> = { action: bulkAction, ids };
    if (bulkAction === "accept") {
      const text = form.querySelector<HTMLInputElement>("[name=cost]")?.value ?? "";
      const cost = parseEuros(text);
      if (cost === null) {
        showErrors(form, localError("cost", t("costInvalid")), t("failed"));
        return;
      }
      body.cost = cost;
    } else if (bulkAction === "reject") {
      body.answer = form.querySelector<HTMLTextAreaElement>("[name=answer]")?.value ?? "";
    } else if (bulkAction === "assign") {
      const email = (form.querySelector<HTMLInputElement>("[name=assignee]")?.value ?? "").trim();
      body.assignee = email || null;
    }
    const actionName = t(`bulk.${bulkAction}`);
    let result: { ids: number[] } | ApiError;
    try {
      result = await submitting(form, () =>
        request("POST", "review/bulk/", { schema: BulkOutput, body, signal: context.signal }),
      );
    } catch (error) {
      if (isAbort(error)) return;
      if (!(error instanceof ApiError) || error.status === 0 || error.code === "invalid_response") {
        showErrors(form, error, t("failed"));
        return;
      }
      const named = Object.keys(error.errors).some((k) => k !== "ids");
      if (named && error.status === 400 && !error.errors.ids) {
        showErrors(form, error, t("failed"));
        return;
      }
      result = error;
    }
    const outcome = bulkOutcome(ids, result);
    const firstRefused = outcome.items.find((i) => i.outcome === "refused");
    const headline = outcome.ok
      ? t("bulk.done", { action: actionName, count: tr.number(outcome.done) })
      : firstRefused
        ? t("bulk.failed", { action: actionName, id: firstRefused.id })
        : t("bulk.failedNoId", { action: actionName, message: outcome.message });
    lastOutcome = h(
      "div",
      { class: `outcome${outcome.ok ? "" : " outcome-failed"}`, tabindex: -1 },
      h("p", {}, h("strong", {}, headline)),
      h(
        "ul",
        {},
        ...outcome.items.map((item) =>
          h(
            "li",
            {},
            t(`outcome.${item.outcome}`, {
              item: titles.has(item.id)
                ? t("item", { id: item.id, title: titles.get(item.id) ?? "" })
                : t("itemNoTitle", { id: item.id }),
              message: item.message,
            }),
          ),
        ),
      ),
    );
    context.announce(headline);
    if (outcome.ok) selection = new Set();
    await load();
    lastOutcome.focus();
  }

  // --- publish prepared answers ---------------------------------------------------------------
  function drawPublish(): void {
    const c = campaign();
    if (!c) {
      publishBox.replaceChildren();
      return;
    }
    const form = h("form", { class: "bulk-panel publish-panel", novalidate: true });
    const summary = errorSummary();
    const area = selectField({
      label: t("publish.area"),
      name: "area",
      value: "",
      choices: [["", t("publish.allMine")], ...areaChoices()],
    });
    const result = h("p", { role: "status", class: "manage-status" });
    form.append(
      h("h2", {}, t("publish.legend")),
      h("p", { class: "muted" }, t("publish.hint")),
      summary,
      area,
      h("button", { type: "submit", class: "button" }, t("publish.button")),
      result,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = form.querySelector<HTMLSelectElement>("[name=area]")?.value ?? "";
      void submitting(form, async () => {
        try {
          const out = await request("POST", "review/publish/", {
            schema: PublishOutput,
            body: { campaign: c.slug, area: code || null },
            signal: context.signal,
          });
          const text = t("publish.done", {
            published: tr.number(out.published),
            accepted: tr.number(out.accepted),
            rejected: tr.number(out.rejected),
          });
          setText(result, text);
          context.announce(text);
          await load();
        } catch (error) {
          if (!isAbort(error)) showErrors(form, error, t("failed"));
        }
      });
    });
    publishBox.replaceChildren(form);
  }

  // --- loading --------------------------------------------------------------------------------
  let lastCount = 0;

  const load = pagedList({
    signal: context.signal,
    busy: () => root.querySelector(".manage-screen"),
    fetch: (signal) =>
      request("GET", "review/queue/", {
        schema: PaginatedProposalOfficialOutputList,
        query: filtersToApi(filters),
        signal,
      }),
    show: (page) => {
      rows = page.results;
      for (const row of rows) titles.set(row.id, row.title);
      lastCount = page.count;
      const info = pageInfo(page.count, filters.page, filters.pageSize, rows.length);
      if (rows.length === 0 && filters.page > info.pages) {
        setFilters(withFilter(filters, { page: info.pages }));
        return;
      }
      drawTable(page.count);
    },
    page: () => filters.page,
    goTo: (page) => {
      setFilters(withFilter(filters, { page }));
    },
    backOn: (error) => error instanceof ApiError && error.status === 404,
    t,
    status,
    box: tableBox,
  });

  void (async () => {
    try {
      [campaigns, themes] = await Promise.all([loadCampaigns(context.signal), loadThemes(context.signal)]);
    } catch (error) {
      if (isAbort(error)) return;
      setText(status, errorMessage(error, t("loadFailed")));
      return;
    }
    const picked = pickCampaign(campaigns, filters.campaign);
    if (!picked) {
      setText(status, t("noCampaign"));
      return;
    }
    if (picked.slug !== filters.campaign) {
      filters = { ...filters, campaign: picked.slug };
      lastQueueQuery = filtersToUrl(filters).toString();
      context.replaceQuery(filtersToUrl(filters));
    }
    drawCampaign();
    drawFilters();
    drawBulk();
    drawPublish();
    await load();
  })();
}

// --- one proposal's review form ------------------------------------------------------------------

function mountForm(root: HTMLElement, context: PageContext, id: number): void {
  const t = localTranslator(reviewMessages, context.lang);
  const tr = context.t;
  const lang = context.lang;
  const user = context.session.user();
  const screen = h("div", { class: "manage-screen" });
  const back = h(
    "a",
    { href: `/gestion/etude${lastQueueQuery ? `?${lastQueueQuery}` : ""}`, class: "manage-back" },
    `← ${t("back")}`,
  );
  const heading = h("h1", {}, t("loading"));
  const body = h("div");
  screen.append(back, heading, body);
  root.append(screen);
  context.setTitle(t("title"));

  function facts(p: Official | Public, official: Official | null): HTMLElement {
    const dl = h("dl", { class: "facts" });
    const add = (term: string, value: string | Node | null) => {
      if (value === null || value === "") return;
      dl.append(h("dt", {}, term), h("dd", {}, value));
    };
    add(t("fact.status"), tr.status(p.status));
    if (p.is_hidden) add(t("fact.status"), t("fact.hidden", { reason: p.hidden_reason }));
    add(t("fact.area"), p.area?.name ?? null);
    add(t("fact.quartier"), p.quartier?.name ?? null);
    add(t("fact.theme"), tr.themeName(p.theme));
    add(t("fact.address"), p.address);
    add(t("fact.created"), formatDate(lang, p.created_at));
    add(t("fact.supports"), tr.number(p.supports));
    if (p.estimated_cost !== null) add(t("fact.cost"), formatMoney(lang, p.estimated_cost));
    add(t("fact.answer"), p.public_answer);
    if (official) {
      add(t("fact.reports"), tr.number(official.report_count));
      add(t("fact.assignee"), official.assignee ?? t("nobody"));
      if (official.decided_at) add(t("fact.decided"), formatDate(lang, official.decided_at));
      if (official.prepared_decision) {
        const cost = official.prepared_cost === null ? "" : ` — ${formatMoney(lang, official.prepared_cost)}`;
        add(
          t("fact.prepared"),
          `${t(official.prepared_decision === "accepted" ? "prepare.accepted" : "prepare.rejected")}${cost}${
            official.prepared_answer ? ` — ${official.prepared_answer}` : ""
          }`,
        );
      }
    }
    return dl;
  }

  function box(title: string, ...children: (Node | string | null)[]): HTMLElement {
    return h("section", { class: "review-box", "aria-label": title }, h("h2", {}, title), ...children);
  }

  /** A form that posts to one review endpoint and redraws with the answer. */
  function actionForm(
    path: string,
    buttonText: string,
    fields: HTMLElement[],
    bodyOf: (form: HTMLFormElement) => Record<string, unknown> | ApiError | null,
    done: (p: Official) => string,
    extraButtons: HTMLElement[] = [],
  ): HTMLFormElement {
    const form = h("form", { novalidate: true });
    form.append(
      errorSummary(),
      ...fields,
      h(
        "div",
        { class: "button-row" },
        h("button", { type: "submit", class: "button" }, buttonText),
        ...extraButtons,
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const payload = bodyOf(form);
      if (payload instanceof ApiError) {
        showErrors(form, payload, t("failed"));
        return;
      }
      void send(form, path, payload ?? undefined, done);
    });
    return form;
  }

  async function send(
    form: HTMLFormElement,
    path: string,
    payload: Record<string, unknown> | undefined,
    done: (p: Official) => string,
  ): Promise<void> {
    try {
      const p = await submitting(form, () =>
        request("POST", `proposals/${id}/review/${path}/`, {
          schema: ProposalOfficialOutput,
          body: payload,
          signal: context.signal,
        }),
      );
      const text = done(p);
      draw(p, text);
    } catch (error) {
      if (!isAbort(error)) showErrors(form, error, t("failed"));
    }
  }

  function draw(p: Official | Public, message = ""): void {
    const official = "private_notes" in p ? p : null;
    context.setTitle(`${p.title} — ${t("title")}`);
    heading.textContent = p.title;
    const notice = h("p", { class: "outcome", role: "status", tabindex: -1 }, message);
    notice.hidden = !message;
    const can = p.can;
    const parts: HTMLElement[] = [];
    if (official && can.start_review) {
      parts.push(
        box(
          t("start.title"),
          actionForm(
            "start",
            t("start.button"),
            [],
            () => null,
            (q) => t("start.done", { title: q.title }),
          ),
        ),
      );
    }
    if (official && can.accept) {
      const cost = field({
        label: t("accept.cost"),
        name: "cost",
        required: true,
        hint: t("accept.costHint"),
        attrs: { inputmode: "numeric", autocomplete: "off" },
        value:
          official.prepared_decision === "accepted" && official.prepared_cost !== null
            ? String(official.prepared_cost)
            : "",
      });
      const answer = textArea({ label: t("accept.answer"), name: "answer", rows: 3 });
      parts.push(
        box(
          t("accept.title"),
          actionForm(
            "accept",
            t("accept.button"),
            [cost, answer],
            (form) => {
              const value = parseEuros(form.querySelector<HTMLInputElement>("[name=cost]")?.value ?? "");
              if (value === null) return localError("cost", t("costInvalid"));
              return {
                cost: value,
                answer: form.querySelector<HTMLTextAreaElement>("[name=answer]")?.value ?? "",
              };
            },
            (q) => t("accept.done", { title: q.title, cost: formatMoney(lang, q.estimated_cost ?? 0) }),
          ),
        ),
      );
    }
    if (official && can.reject) {
      const answer = textArea({
        label: t("reject.answer"),
        name: "answer",
        rows: 3,
        required: true,
        hint: t("reject.hint"),
      });
      parts.push(
        box(
          t("reject.title"),
          actionForm(
            "reject",
            t("reject.button"),
            [answer],
            (form) => ({ answer: form.querySelector<HTMLTextAreaElement>("[name=answer]")?.value ?? "" }),
            (q) => t("reject.done", { title: q.title }),
          ),
        ),
      );
    }
    if (official && can.prepare) {
      const decision = selectField({
        label: t("prepare.decision"),
        name: "prepared_decision",
        value: official.prepared_decision,
        choices: [
          ["", t("prepare.none")],
          ["accepted", t("prepare.accepted")],
          ["rejected", t("prepare.rejected")],
        ],
      });
      const cost = field({
        label: t("prepare.cost"),
        name: "prepared_cost",
        attrs: { inputmode: "numeric", autocomplete: "off" },
        value: official.prepared_cost === null ? "" : String(official.prepared_cost),
      });
      const answer = textArea({
        label: t("prepare.answer"),
        name: "prepared_answer",
        rows: 3,
        value: official.prepared_answer,
      });
      parts.push(
        box(
          t("prepare.title"),
          h("p", { class: "muted" }, t("prepare.hint")),
          actionForm(
            "prepare",
            t("prepare.button"),
            [decision, cost, answer],
            (form) => {
              const chosen = form.querySelector<HTMLSelectElement>("[name=prepared_decision]")?.value ?? "";
              const text = form.querySelector<HTMLInputElement>("[name=prepared_cost]")?.value.trim() ?? "";
              let value: number | null = null;
              if (chosen === "accepted" || text) {
                value = parseEuros(text);
                if (value === null && (chosen === "accepted" || text))
                  return localError("prepared_cost", t("costInvalid"));
              }
              return {
                prepared_decision: chosen,
                prepared_cost: chosen === "accepted" ? value : null,
                prepared_answer:
                  form.querySelector<HTMLTextAreaElement>("[name=prepared_answer]")?.value ?? "",
              };
            },
            (q) => t(q.prepared_decision ? "prepare.done" : "prepare.cleared"),
          ),
        ),
      );
    }
    if (official && can.note) {
      const notes = textArea({
        label: t("notes.label"),
        name: "notes",
        rows: 4,
        value: official.private_notes,
        hint: t("notes.hint"),
      });
      parts.push(
        box(
          t("notes.title"),
          actionForm(
            "notes",
            t("notes.button"),
            [notes],
            (form) => ({ notes: form.querySelector<HTMLTextAreaElement>("[name=notes]")?.value ?? "" }),
            () => t("notes.done"),
          ),
        ),
      );
    }
    if (official && can.assign) {
      const email = field({
        label: t("assign.label"),
        name: "assignee",
        type: "email",
        autocomplete: "off",
        hint: t("assign.hint"),
        value: official.assignee ?? "",
      });
      const me = h("button", { type: "button", class: "button button-quiet" }, t("assign.me"));
      const none = h("button", { type: "button", class: "button button-quiet" }, t("assign.none"));
      const done = (q: Official) =>
        q.assignee ? t("assign.done", { who: q.assignee }) : t("assign.cleared");
      const form = actionForm(
        "assign",
        t("assign.button"),
        [email],
        (f) => ({
          assignee: (f.querySelector<HTMLInputElement>("[name=assignee]")?.value ?? "").trim() || null,
        }),
        done,
        [me, none],
      );
      me.addEventListener("click", () => void send(form, "assign", { assignee: user?.email ?? null }, done));
      none.addEventListener("click", () => void send(form, "assign", { assignee: null }, done));
      parts.push(box(t("assign.title"), form));
    }
    body.replaceChildren(
      notice,
      official ? "" : h("p", { class: "outcome" }, t("notYours")),
      h(
        "div",
        { class: "review-grid" },
        h(
          "div",
          {},
          facts(p, official),
          h("h2", {}, t("description")),
          h("p", { class: "description" }, p.description),
          h("p", {}, h("a", { href: `/propositions/${p.id}` }, t("publicPage"))),
        ),
        h("div", {}, ...(parts.length ? parts : [h("p", { class: "outcome" }, t("noActions"))])),
      ),
    );
    if (message) {
      context.announce(message);
      notice.focus();
    }
  }

  void (async () => {
    try {
      const p = await request("GET", `proposals/${id}/`, {
        schema: ProposalOfficialOutput.or(ProposalOutput),
        signal: context.signal,
      });
      draw(p);
    } catch (error) {
      if (isAbort(error)) return;
      heading.textContent =
        error instanceof ApiError && error.status === 404 ? t("notFound") : t("loadFailed");
      context.setTitle(heading.textContent);
      body.replaceChildren(h("p", {}, errorMessage(error, "")));
    }
  })();
}

const page: Page = {
  mount(root, context) {
    const raw = context.params.id;
    if (raw !== undefined) {
      const id = /^[0-9]{1,12}$/.test(raw) ? Number(raw) : NaN;
      if (Number.isNaN(id)) {
        const t = localTranslator(reviewMessages, context.lang);
        context.setTitle(t("notFound"));
        root.append(
          h(
            "div",
            { class: "manage-screen" },
            h("h1", {}, t("notFound")),
            h("a", { href: "/gestion/etude" }, t("back")),
          ),
        );
        return undefined;
      }
      mountForm(root, context, id);
    } else {
      mountQueue(root, context);
    }
    return undefined;
  },
};

export default page;
