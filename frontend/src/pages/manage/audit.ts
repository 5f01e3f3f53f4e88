/**
 * `/gestion/journal`: the audit log the official may read (their areas, campaign-level records;
 * administrators: everything), most recent first, filtered by action, object, area and days,
 * paged. Each row says who, what, when, on which object (a link where it has a screen), why, and
 * which fields changed. Filters and page live in the URL.
 */
import type { z } from "zod";
import { request } from "../../api/request";
import { PaginatedAuditRecordOutputList } from "../../api/generated/zod";
import type { Page, PageContext } from "../../app/page";
import { formatDateTime, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { field } from "../../ui/forms";
import { auditMessages, type AuditKey } from "./audit.messages";
import {
  AUDIT_PAGE_SIZE,
  KNOWN_ACTIONS,
  OBJECT_TYPES,
  auditFromUrl,
  auditToApi,
  auditToUrl,
  changes,
  isKnownAction,
  objectPath,
  shortValue,
  type AuditFilters,
} from "./audit.query";
import { pageInfo } from "./review.query";
import {
  foldable,
  isAbort,
  labelledSelect,
  loadCampaigns,
  pagedList,
  pager,
  pagerLabels,
  scrollTable,
} from "./sectionKit";
import "./review.css";

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type Record_ = z.output<typeof PaginatedAuditRecordOutputList>["results"][number];

function mount(root: HTMLElement, context: PageContext): void {
  const t = localTranslator(auditMessages, context.lang);
  const tr = context.t;
  const lang = context.lang;
  const user = context.session.user();
  context.setTitle(t("title"));
  const actionName = (a: string) => (isKnownAction(a) ? t(`action.${a}` as AuditKey) : a);
  const typeName = (ty: string) =>
    (OBJECT_TYPES as readonly string[]).includes(ty) ? t(`type.${ty}` as AuditKey) : ty;

  let filters: AuditFilters = auditFromUrl(context.query);
  let records: Record_[] = [];
  let areas: [string, string][] = [];

  const heading = h("h1", {}, t("title"));
  const filterForm = h("form", { class: "manage-filters", role: "search", "aria-label": t("filters") });
  const fold = foldable(filterForm, t("filters"));
  const status = h("p", { class: "manage-status", role: "status", "aria-live": "polite" }, t("loading"));
  const tableBox = h("div");
  const pagerBox = h("div");
  const screen = h(
    "div",
    { class: "manage-screen" },
    heading,
    h("p", { class: "muted" }, t("intro")),
    fold.details,
    status,
    tableBox,
    pagerBox,
  );
  root.append(screen);

  function setFilters(next: AuditFilters): void {
    filters = next;
    context.replaceQuery(auditToUrl(filters));
    void load();
  }

  function drawFilters(): void {
    const action = labelledSelect(
      t("action"),
      "action",
      [["", t("allActions")], ...KNOWN_ACTIONS.map((a): [string, string] => [a, actionName(a)])],
      filters.action ?? "",
    );
    if (filters.action && !isKnownAction(filters.action)) {
      action.select.append(h("option", { value: filters.action }, filters.action));
      action.select.value = filters.action;
    }
    const type = labelledSelect(
      t("objectType"),
      "object_type",
      [["", t("allTypes")], ...OBJECT_TYPES.map((o): [string, string] => [o, typeName(o)])],
      filters.objectType ?? "",
    );
    const objectId = field({
      label: t("objectId"),
      name: "object_id",
      value: filters.objectId,
      attrs: { inputmode: "numeric" },
    });
    const area = labelledSelect(t("area"), "area", [["", t("allAreas")], ...areas], filters.area ?? "");
    const since = field({ label: t("since"), name: "since", type: "date", value: filters.since ?? "" });
    const until = field({ label: t("until"), name: "until", type: "date", value: filters.until ?? "" });
    const value = (wrap: HTMLElement) => wrap.querySelector("input")?.value.trim() ?? "";
    const read = (): AuditFilters => ({
      action: action.select.value || null,
      objectType: type.select.value || null,
      objectId: value(objectId),
      area: area.select.value || null,
      since: value(since) || null,
      until: value(until) || null,
      page: 1,
    });
    for (const s of [action, type, area])
      s.select.addEventListener("change", () => {
        setFilters(read());
      });
    filterForm.onsubmit = (event) => {
      event.preventDefault();
      setFilters(read());
    };
    const clear = h("button", { type: "button", class: "button button-quiet" }, t("clear"));
    clear.addEventListener("click", () => {
      setFilters({
        action: null,
        objectType: null,
        objectId: "",
        area: null,
        since: null,
        until: null,
        page: 1,
      });
      drawFilters();
    });
    filterForm.replaceChildren(
      action.wrap,
      type.wrap,
      objectId,
      area.wrap,
      since,
      until,
      h(
        "div",
        { class: "filter-actions" },
        h("button", { type: "submit", class: "button" }, t("apply")),
        clear,
      ),
    );
  }

  /** A moment is shown as a date and time in the reader's language; anything else in a few words. */
  const valueText = (value: unknown): string =>
    typeof value === "string" && ISO_MOMENT.test(value) ? formatDateTime(lang, value) : shortValue(value);

  function changeCell(record: Record_): HTMLElement {
    const list = changes(record.before, record.after);
    if (list.length === 0) return h("td", {}, t("noChange"));
    return h(
      "td",
      {},
      h(
        "ul",
        { class: "change-list" },
        ...list.map((c) =>
          h("li", {}, h("code", {}, c.field), " : ", valueText(c.before), " → ", valueText(c.after)),
        ),
      ),
    );
  }

  function drawTable(count: number): void {
    const info = pageInfo(count, filters.page, AUDIT_PAGE_SIZE, records.length);
    const { region, body } = scrollTable(t("caption", { page: info.page, pages: info.pages }), [
      { label: t("col.when") },
      { label: t("col.who") },
      { label: t("col.what") },
      { label: t("col.object") },
      { label: t("col.area") },
      { label: t("col.reason") },
      { label: t("col.changes") },
    ]);
    for (const r of records) {
      const path = objectPath(r.object_type, r.object_id);
      const objectText = `${typeName(r.object_type)} n° ${r.object_id}`;
      body.append(
        h(
          "tr",
          { "data-id": r.id, "data-action": r.action },
          h(
            "th",
            { scope: "row", class: "nowrap" },
            h("time", { datetime: r.at }, formatDateTime(lang, r.at)),
          ),
          h("td", {}, r.actor ? r.actor.display_name : h("em", {}, t("system"))),
          h("td", {}, actionName(r.action), h("br"), h("code", { class: "muted" }, r.action)),
          h("td", { class: "nowrap" }, path ? h("a", { href: path }, objectText) : objectText),
          h("td", { class: "nowrap" }, areaName(r.area)),
          h("td", {}, r.reason || "—"),
          changeCell(r),
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
      count === 0
        ? t("countNone")
        : count === 1
          ? t("countOne")
          : t("count", { count: tr.number(count), first: tr.number(info.first), last: tr.number(info.last) }),
    );
  }

  function areaName(code: string | null): string {
    if (!code) return "—";
    return areas.find(([c]) => c === code)?.[1] ?? code;
  }

  const load = pagedList({
    signal: context.signal,
    busy: () => screen,
    fetch: (signal) =>
      request("GET", "audit/", {
        schema: PaginatedAuditRecordOutputList,
        query: auditToApi(filters),
        signal,
      }),
    show: (page) => {
      records = page.results;
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

  void (async () => {
    try {
      const campaigns = await loadCampaigns(context.signal);
      const seen = new Map<string, string>();
      for (const c of campaigns) for (const a of c.areas) seen.set(a.code, a.name);
      const mine =
        user?.role === "administrator" ? [...seen] : [...seen].filter(([code]) => user?.areas.includes(code));
      areas = mine.sort((a, b) => a[1].localeCompare(b[1], lang));
    } catch (error) {
      if (isAbort(error)) return;
      // The log works without area names: codes are shown instead.
    }
    drawFilters();
    await load();
  })();
}

const page: Page = {
  mount(root, context) {
    mount(root, context);
    return undefined;
  },
};

export default page;
