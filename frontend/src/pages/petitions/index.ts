/**
 * `/petitions`: the published petitions, filtered by status, authority, theme and words and
 * sorted (all kept in the URL, so a view can be shared), in a list with a map beside it. The list
 * is the accessible alternative to the map: it says everything the map shows, and more.
 */
import { api, isAbort, type District, type Theme } from "../../api";
import { apiUrl } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import { h, loadFailed, setText } from "../../ui/dom";
import { petitionsApi } from "../../petitions/api";
import { createPetitionsMap, type PetitionsMap } from "../../petitions/maps";
import { petitionMessages, type PetitionKey } from "../../petitions/messages";
import {
  AREA_CODES,
  NO_FILTERS,
  ORDERS,
  PUBLIC_STATUSES,
  apiQuery,
  filtersFromUrl,
  filtersToUrl,
  type Filters,
  type Order,
} from "../../petitions/model";
import type { PetitionStatus, PetitionSummary } from "../../petitions/schemas";
import { areaName, petitionCard, statusWord } from "../../petitions/view";
import "../../petitions/petitions.css";

let ids = 0;

function selectField(
  name: string,
  label: string,
  choices: [string, string][],
  value: string,
): { wrap: HTMLElement; select: HTMLSelectElement } {
  ids += 1;
  const id = `petitions-${name}-${ids}`;
  const select = h(
    "select",
    { id, name },
    ...choices.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  return { wrap: h("div", { class: "field" }, h("label", { for: id }, label), select), select };
}

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(petitionMessages, context.lang);
  const { lang } = context;
  context.setTitle(t("listTitle"));
  let filters: Filters = filtersFromUrl(context.query);
  let themes: Theme[] = [];
  let shown: PetitionSummary[] = [];

  const status = h("p", { role: "status", class: "petitions-count", id: "petitions-count" }, t("loading"));
  const list = h("ol", { id: "petition-list" });
  const more = h(
    "button",
    { type: "button", class: "button button-quiet", hidden: true, id: "petitions-more" },
    t("more"),
  );
  const mapBox = h("div", {
    class: "petitions-map",
    id: "petitions-map",
    role: "region",
    "aria-label": t("mapLabel"),
    tabindex: 0,
  });
  const form = h("form", { class: "petitions-filters", role: "search", "aria-label": t("filters") });
  const user = context.session.user();
  const links = h(
    "p",
    { class: "petitions-links" },
    h(
      "a",
      {
        class: "button",
        href: user
          ? pathTo("petitionNew")
          : `${pathTo("signIn")}?next=${encodeURIComponent(pathTo("petitionNew"))}`,
        id: "petition-file-link",
      },
      t("fileLink"),
    ),
    user ? h("a", { href: pathTo("myPetitions") }, t("mineLink")) : null,
  );
  root.append(
    h(
      "div",
      { class: "petitions-page" },
      h("h1", {}, t("listTitle")),
      h("p", {}, t("listIntro")),
      links,
      form,
      status,
      h(
        "div",
        { class: "petitions-layout" },
        h(
          "section",
          { class: "petitions-list", "aria-labelledby": "petitions-list-heading" },
          h("h2", { id: "petitions-list-heading" }, t("listHeading")),
          list,
          more,
        ),
        h("div", {}, mapBox, h("p", { class: "field-hint" }, t("mapNote"))),
      ),
      h(
        "section",
        { class: "petitions-downloads", "aria-labelledby": "petitions-downloads-heading" },
        h("h2", { id: "petitions-downloads-heading" }, t("downloads")),
        h(
          "p",
          {},
          h("a", { href: apiUrl("petitions/export.csv"), download: "petitions.csv" }, t("downloadCsv")),
          h(
            "a",
            { href: apiUrl("petitions/export.geojson"), download: "petitions.geojson" },
            t("downloadGeojson"),
          ),
        ),
        h("p", { class: "field-hint" }, t("downloadNote")),
      ),
    ),
  );

  function drawFilters(): void {
    const statusPick = selectField(
      "statut",
      t("statusFilter"),
      [["", t("allStatuses")], ...PUBLIC_STATUSES.map((s): [string, string] => [s, statusWord(t, s)])],
      filters.status ?? "",
    );
    const authorityPick = selectField(
      "autorite",
      t("authorityFilter"),
      [
        ["", t("allAuthorities")],
        ["city", t("authorityCity")],
        ...AREA_CODES.map((code): [string, string] => [code, areaName(code, context.t)]),
      ],
      filters.authority ?? "",
    );
    const themePick = selectField(
      "theme",
      t("themeFilter"),
      [
        ["", t("allThemes")],
        ...themes.map((theme): [string, string] => [theme.slug, context.t.themeName(theme)]),
      ],
      filters.theme ?? "",
    );
    const orderPick = selectField(
      "tri",
      t("order"),
      ORDERS.map((o): [string, string] => [o, t(`order.${o}` as PetitionKey)]),
      filters.order,
    );
    ids += 1;
    const searchId = `petitions-q-${ids}`;
    const search = h("input", { id: searchId, name: "q", type: "search", value: filters.q, maxlength: 200 });
    search.value = filters.q;
    const searchWrap = h(
      "div",
      { class: "petitions-search" },
      h("div", { class: "field" }, h("label", { for: searchId }, t("search")), search),
      h("button", { type: "submit", class: "button" }, t("searchButton")),
    );
    const reset = h(
      "button",
      { type: "button", class: "button button-quiet", id: "petitions-reset" },
      t("reset"),
    );
    reset.addEventListener("click", () => {
      setFilters({ ...NO_FILTERS });
      drawFilters();
    });
    statusPick.select.addEventListener("change", () => {
      setFilters({ ...filters, status: (statusPick.select.value || null) as PetitionStatus | null, page: 1 });
    });
    authorityPick.select.addEventListener("change", () => {
      setFilters({ ...filters, authority: authorityPick.select.value || null, page: 1 });
    });
    themePick.select.addEventListener("change", () => {
      setFilters({ ...filters, theme: themePick.select.value || null, page: 1 });
    });
    orderPick.select.addEventListener("change", () => {
      setFilters({ ...filters, order: orderPick.select.value as Order, page: 1 });
    });
    form.onsubmit = (event) => {
      event.preventDefault();
      setFilters({ ...filters, q: search.value, page: 1 });
    };
    form.replaceChildren(
      statusPick.wrap,
      authorityPick.wrap,
      themePick.wrap,
      orderPick.wrap,
      searchWrap,
      reset,
    );
  }

  function setFilters(next: Filters): void {
    filters = next;
    context.replaceQuery(filtersToUrl(filters));
    void load();
  }

  let map: PetitionsMap | null = null;
  const pick = (id: number) => {
    const item = document.getElementById(`petition-${id}`);
    if (item) {
      item.scrollIntoView({ block: "nearest" });
      item.focus();
    } else context.navigate(pathTo("petition", { id }));
  };
  try {
    map = createPetitionsMap(mapBox, { zoomIn: t("zoomIn"), zoomOut: t("zoomOut") }, pick);
    api.districts("arrondissement", context.signal).then(
      (districts: District[]) => map?.outlines(districts),
      () => undefined,
    );
  } catch (error) {
    console.error(error); // the list says everything the map does
  }

  let version = 0;
  const card = (p: PetitionSummary) =>
    petitionCard(p, { t, lang, themes, href: pathTo("petition", { id: p.id }) });

  async function load(append = false): Promise<void> {
    const mine = ++version;
    if (!append) setText(status, t("loading"));
    list.setAttribute("aria-busy", "true");
    try {
      const query = apiQuery(filters);
      // The map is drawn on its own: its failure leaves the list, which says everything, alone.
      if (!append) drawMap(query, mine);
      const page = await petitionsApi.list(query, context.signal);
      if (mine !== version) return;
      shown = append ? [...shown, ...page.results] : page.results;
      setText(
        status,
        page.count === 0
          ? t("countNone")
          : page.count === 1
            ? t("countOne")
            : t("count", { count: page.count }),
      );
      if (append) list.append(...page.results.map(card));
      else list.replaceChildren(...shown.map(card));
      more.hidden = !page.next;
    } catch (error) {
      if (isAbort(error) || mine !== version) return;
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    } finally {
      if (mine === version) list.removeAttribute("aria-busy");
    }
  }

  function drawMap(query: Record<string, string | number>, mine: number): void {
    const filtersOnly = { ...query };
    delete filtersOnly.page;
    petitionsApi.map(filtersOnly, context.signal).then(
      (features) => {
        if (mine !== version) return;
        map?.points(
          features.features.map((f) => ({
            id: f.id,
            status: f.properties.status,
            latLng: [f.geometry.coordinates[1] ?? 0, f.geometry.coordinates[0] ?? 0],
            label: `${f.properties.title} — ${statusWord(t, f.properties.status)}`,
          })),
        );
      },
      (error: unknown) => {
        if (!isAbort(error)) console.error(error);
      },
    );
  }

  more.addEventListener("click", () => {
    filters = { ...filters, page: filters.page + 1 };
    const first = shown.length;
    void load(true).then(() => {
      list.children[first]?.querySelector("a")?.focus();
    });
  });

  drawFilters();
  // The themes' names come later than the first page, perhaps: then the filter and cards are redrawn.
  api.themes(context.signal).then(
    (found) => {
      themes = found;
      drawFilters();
      if (shown.length) list.replaceChildren(...shown.map(card));
    },
    () => undefined,
  );
  // The first page only: "more" pages are not kept in the address.
  filters = { ...filters, page: 1 };
  void load();
  return () => {
    map?.remove();
  };
}

const page: Page = { mount };
export default page;
