/**
 * `/realisations`: the winning projects followed until delivered, on a map with the same list
 * beside it, filtered by status and arrondissement (`?statut=livre&zone=paris-05`, in the URL so
 * a view can be shared), with the open-data downloads of the delivered projects.
 */
import { api, type District } from "../../api";
import { PaginatedDeliveryListItemList, type DeliveryListItem } from "../../api/generated/zod";
import { apiUrl, request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatMoney, localTranslator, type LocalT } from "../../i18n/local";
import { h, loadFailed, setText } from "../../ui/dom";
import { deliveryMessages, type DeliveryKey } from "../delivery/messages";
import {
  apiQuery,
  filtersFromQuery,
  filtersToQuery,
  sortAreaCodes,
  spentShare,
  statusKey,
  STATUSES,
  type Filters,
  type Status,
} from "../delivery/model";
import { statusBadge } from "../delivery/view";
import { createDeliveriesMap, type DeliveriesMap } from "./map";
import "../delivery/delivery.css";

type T = LocalT<DeliveryKey>;

const AREAS: { code: string; fr: string; en: string }[] = [
  { code: "paris", fr: "Tout Paris (projets parisiens)", en: "All Paris (Paris-wide projects)" },
  { code: "paris-centre", fr: "Paris Centre", en: "Paris Centre" },
  ...Array.from({ length: 16 }, (_, i) => {
    const n = i + 5;
    return {
      code: `paris-${String(n).padStart(2, "0")}`,
      fr: `${n}e arrondissement`,
      en: `${n}th arrondissement`,
    };
  }),
];

function itemId(project: number): string {
  return `realisation-${project}`;
}

function listItem(d: DeliveryListItem, t: T, context: PageContext): HTMLElement {
  const spent = d.budget_spent ?? 0;
  return h(
    "li",
    { class: "deliveries-item", id: itemId(d.project), tabindex: "-1", "data-project": d.project },
    h("h3", {}, h("a", { href: pathTo("delivery", { id: d.project }) }, d.title)),
    h("p", {}, statusBadge(t, d.status), " ", d.area.name),
    h(
      "p",
      {},
      t("spent", { spent: formatMoney(context.lang, spent), cost: formatMoney(context.lang, d.cost) }),
      ` (${t("spentShare", { share: spentShare(spent, d.cost) })})`,
    ),
    h(
      "p",
      {},
      d.milestone_count === 0
        ? t("noMilestone")
        : d.milestone_count === 1
          ? t("milestonesOne")
          : t("milestones", { count: d.milestone_count }),
    ),
  );
}

function select(
  id: string,
  label: string,
  options: [string, string][],
  value: string,
  onChange: (value: string) => void,
): HTMLElement {
  const element = h(
    "select",
    { id, name: id },
    ...options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  element.addEventListener("change", () => {
    onChange(element.value);
  });
  return h("label", { for: id }, label, element);
}

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(deliveryMessages, context.lang);
  context.setTitle(t("mapTitle"));
  let filters: Filters = filtersFromQuery(
    context.query,
    AREAS.map((a) => a.code),
  );
  const status = h("p", { role: "status", class: "deliveries-count" }, t("loading"));
  const list = h("ol", { "aria-labelledby": "deliveries-list-heading" });
  const mapBox = h("div", {
    class: "deliveries-map",
    role: "region",
    "aria-label": t("mapLabel"),
    tabindex: "0",
  });
  const filterBox = h(
    "fieldset",
    { class: "deliveries-filters" },
    h("legend", { class: "visually-hidden" }, t("filters")),
    select(
      "filtre-statut",
      t("statusFilter"),
      [["", t("allStatuses")], ...STATUSES.map((s): [string, string] => [s, t(statusKey(s))])],
      filters.status ?? "",
      (value) => {
        filters = { ...filters, status: (value || null) as Status | null };
        changed();
      },
    ),
    select(
      "filtre-zone",
      t("areaFilter"),
      [
        ["", t("allAreas")],
        ...sortAreaCodes(AREAS).map((a): [string, string] => [a.code, context.lang === "en" ? a.en : a.fr]),
      ],
      filters.area ?? "",
      (value) => {
        filters = { ...filters, area: value || null };
        changed();
      },
    ),
  );
  const csv = h(
    "a",
    { href: apiUrl("deliveries/delivered.csv"), download: "projets-realises.csv" },
    t("downloadCsv"),
  );
  const geojson = h(
    "a",
    { href: apiUrl("deliveries/delivered.geojson"), download: "projets-realises.geojson" },
    t("downloadGeojson"),
  );
  root.append(
    h(
      "div",
      { class: "deliveries-page" },
      h("h1", {}, t("mapTitle")),
      h("p", {}, t("mapIntro")),
      filterBox,
      status,
      h(
        "div",
        { class: "deliveries-layout" },
        mapBox,
        h(
          "section",
          { class: "deliveries-list", "aria-labelledby": "deliveries-list-heading" },
          h("h2", { id: "deliveries-list-heading" }, t("listHeading")),
          list,
        ),
      ),
      h(
        "section",
        { class: "deliveries-downloads", "aria-labelledby": "deliveries-downloads-heading" },
        h("h2", { id: "deliveries-downloads-heading" }, t("downloads")),
        h("p", {}, csv, geojson),
        h("p", { class: "hint" }, t("downloadNote")),
      ),
    ),
  );

  let map: DeliveriesMap | null = null;
  const pick = (project: number) => {
    const item = document.getElementById(itemId(project));
    if (item) {
      item.scrollIntoView({ block: "nearest" });
      item.focus();
    }
  };
  try {
    map = createDeliveriesMap(mapBox, { zoomIn: t("zoomIn"), zoomOut: t("zoomOut") }, pick);
    api.districts("arrondissement", context.signal).then(
      (districts: District[]) => map?.outlines(districts),
      () => undefined,
    );
  } catch (error) {
    console.error(error); // the list says everything the map does
  }

  let version = 0;
  const load = async (): Promise<void> => {
    const mine = ++version;
    setText(status, t("loading"));
    const query = { ...apiQuery(filters), page_size: 1000 };
    try {
      const page = await request("GET", "deliveries/", {
        schema: PaginatedDeliveryListItemList,
        query,
        signal: context.signal,
      });
      if (mine !== version) return;
      const items = page.results;
      setText(
        status,
        items.length === 0
          ? t("none")
          : items.length === 1
            ? t("countOne")
            : t("count", { count: page.count }),
      );
      list.replaceChildren(...items.map((d) => listItem(d, t, context)));
      map?.points(
        items
          .filter((d) => d.location)
          .map((d) => ({
            id: d.project,
            status: d.status,
            latLng: [d.location?.[1] ?? 0, d.location?.[0] ?? 0] as [number, number],
            label: `${d.title} — ${t(statusKey(d.status))}`,
          })),
      );
    } catch {
      if (context.signal.aborted || mine !== version) return;
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  };
  function changed(): void {
    context.replaceQuery(filtersToQuery(filters));
    void load();
  }
  void load();
  return () => {
    map?.remove();
  };
}

const page: Page = { mount };
export default page;
