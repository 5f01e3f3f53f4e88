/**
 * Wires the stores, the API and the views together. State flows one way: events call pure
 * update functions on the stores; every store change redraws the views, which compare what
 * they drew last time and touch the DOM (or the map) only where something changed.
 */
import {
  api as defaultApi,
  isAbort,
  type Api,
  type District,
  type MapItem,
  type MapTile,
  type ProposalQuery,
  type Theme,
  type TileKey,
} from "../api";
import { createTranslator, loadLang, saveLang, type Lang, type Translator } from "../i18n";
import { MAP_STATUSES, statusColor, themeColors } from "../map/colors";
import { DistrictLayer } from "../map/districtLayer";
import { QuartierLayer } from "../map/quartierLayer";
import { Legend } from "../map/legend";
import { createMapView } from "../map/mapView";
import { ProposalLayer, zoomToExtent } from "../map/proposalLayer";
import { contains, mapMode, padded, tileId, tilesFor, WHOLE_MAX, type Bounds } from "../map/tiles";
import { SearchLayer } from "../map/searchLayer";
import { FilterPanel } from "../proposals/filters";
import { ProposalList } from "../proposals/list";
import { proposalPopup } from "../proposals/popup";
import { geocodeSearch } from "../search/geocodeSearch";
import {
  arrondissements,
  defaultCampaign,
  failed,
  initialDataState,
  loading,
  ready,
  readyOr,
  setRemote,
  currentFirst,
  type DataState,
} from "../state/data";
import { createStore } from "../state/store";
import {
  clearFilters,
  initialUiState,
  proposalQueryKey,
  selectProposal,
  setCampaign,
  setColorBy,
  setDistrict,
  setLang,
  setMinSupports,
  setSearch,
  setShown,
  setSort,
  setStatus,
  setTheme,
  setView,
  type UiState,
} from "../state/ui";
import { fromQuery, hasView, historyMode, toQuery } from "../state/url";
import L from "leaflet";
import { CampaignPicker } from "./campaignPicker";
import { applyTexts, buildLayout } from "./layout";

const SEARCH_ZOOM = 17;

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Remembers the last input and output of a one-argument function. */
function memo<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | null = null;
  return (arg) => {
    if (last?.arg !== arg) last = { arg, result: fn(arg) };
    return last.result;
  };
}

export interface MapHooks {
  /** Called with a way to switch the language: the shell owns the switch. */
  onLang?: (listener: (lang: Lang) => void) => void;
  /** Called when the page is left. */
  signal?: AbortSignal;
}

export function startApp(root: HTMLElement, api: Api = defaultApi, hooks: MapHooks = {}): void {
  const storage = safeStorage();
  const layout = buildLayout(root);
  const ui = createStore<UiState>(fromQuery(window.location.search, initialUiState(loadLang(storage))));
  const data = createStore<DataState>(initialDataState());
  const translators: Record<Lang, Translator> = { fr: createTranslator("fr"), en: createTranslator("en") };
  const tr = () => translators[ui.get().lang];

  // --- the URL follows the state, and the state follows the back and forward buttons ----------
  let applyingHistory = false;
  let replaceOnly = false;
  // Once the page is left, answers still on their way change nothing: the map is gone and the
  // address bar belongs to the next page.
  const gone = () => hooks.signal?.aborted === true;
  const urlOf = (s: UiState) => `${window.location.pathname}${toQuery(s)}${window.location.hash}`;
  const viewInUrl = hasView(window.location.search);
  window.history.replaceState(null, "", urlOf(ui.get()));
  ui.subscribe((state, previous) => {
    if (applyingHistory || gone()) return;
    const mode = historyMode(previous, state);
    if (mode === "push" && !replaceOnly) window.history.pushState(null, "", urlOf(state));
    else if (mode !== null) window.history.replaceState(null, "", urlOf(state));
  });
  window.addEventListener("popstate", onPopState, { signal: hooks.signal });
  hooks.signal?.addEventListener("abort", () => {
    layout.sheet.remove();
  });
  function onPopState(): void {
    applyingHistory = true;
    try {
      ui.update((s) => fromQuery(window.location.search, s));
    } finally {
      applyingHistory = false;
    }
  }
  /** A change the person did not ask for (a default, a correction): no new history entry. */
  const quietly = (fn: (s: UiState) => UiState) => {
    replaceOnly = true;
    try {
      ui.update(fn);
    } finally {
      replaceOnly = false;
    }
  };

  // --- language ------------------------------------------------------------------------------
  const applyLang = (lang: Lang) => {
    const t = translators[lang];
    document.documentElement.lang = lang;
    document.title = t.t("app.documentTitle");
    applyTexts(root, t);
    mapHandle.setLabels({
      zoomIn: t.t("map.zoomIn"),
      zoomOut: t.t("map.zoomOut"),
      close: t.t("map.closePopup"),
    });
  };
  ui.subscribe((state, previous) => {
    if (gone()) return;
    if (state.lang !== previous.lang) {
      saveLang(storage, state.lang);
      applyLang(state.lang);
    }
  });
  hooks.onLang?.((lang) => {
    ui.update((s) => setLang(s, lang));
  });

  // --- views ---------------------------------------------------------------------------------
  const colorsFor = memo((themes: Theme[]) => themeColors(themes.map((t) => t.slug)));
  const byTheme = memo((themes: Theme[]) => {
    const colorOf = colorsFor(themes);
    return (item: MapItem) => colorOf(item.theme);
  });
  const byStatus = (item: MapItem) => statusColor(item.status);
  const itemColors = (themes: Theme[]): ((item: MapItem) => string) =>
    ui.get().colorBy === "status" ? byStatus : byTheme(themes);
  const arrondissementsOf = memo((districts: District[]) => arrondissements(districts));
  const noThemes: Theme[] = [];
  const noDistricts: District[] = [];
  const noProposals: MapItem[] = [];

  const mapHandle = createMapView(layout.map, ui.get().view, (view) => {
    ui.update((s) => setView(s, view));
  });
  if (!viewInUrl) mapHandle.fitParis();
  applyLang(ui.get().lang);
  const quartierLayer = new QuartierLayer(mapHandle.map);
  const districtLayer = new DistrictLayer(mapHandle.map);
  const searchLayer = new SearchLayer(mapHandle.map);
  const legend = new Legend(mapHandle.map, window.matchMedia("(min-width: 900px)").matches);
  const proposalLayer = new ProposalLayer(
    mapHandle.map,
    (proposal) => {
      const themes = readyOr(data.get().themes, noThemes);
      return proposalPopup(proposal, themes, itemColors(themes), tr());
    },
    (id) => {
      ui.update((s) => selectProposal(s, id));
    },
  );

  proposalLayer.setClusterLabel((count) => tr().t("map.cluster", { count: tr().number(count) }));
  const campaignPicker = new CampaignPicker(layout.campaignSlot, (slug) => {
    ui.update((s) => setCampaign(s, slug));
  });
  const search = geocodeSearch(
    layout.searchSlot,
    api,
    (step) => {
      data.update(step);
    },
    (result) => {
      ui.update((s) => setView(s, { lat: result.latLng[0], lng: result.latLng[1], zoom: SEARCH_ZOOM }));
      // On a phone the search sits in the filters' sheet: close it to show the place found.
      if (layout.sheet.isOpen()) layout.sheet.close();
      else document.getElementById("address-query")?.focus();
    },
  );
  const filters = new FilterPanel(layout.filterSlot, {
    onTheme(slug) {
      ui.update((s) => setTheme(s, slug));
    },
    onDistrict(code) {
      ui.update((s) => setDistrict(s, code));
      const bounds = code ? districtLayer.boundsOf(code) : null;
      if (bounds) mapHandle.fitBounds(bounds);
      else mapHandle.fitParis();
    },
    onStatus(status) {
      ui.update((s) => setStatus(s, status));
    },
    onSearch(words) {
      ui.update((s) => setSearch(s, words));
    },
    onColorBy(colorBy) {
      ui.update((s) => setColorBy(s, colorBy));
    },
    onShown(shown) {
      ui.update((s) => setShown(s, shown));
    },
    onMinSupports(count) {
      ui.update((s) => setMinSupports(s, count));
    },
    onSort(sort) {
      ui.update((s) => setSort(s, sort));
    },
    onReset() {
      const hadDistrict = ui.get().filters.district !== null;
      ui.update(clearFilters);
      if (hadDistrict) mapHandle.fitParis();
    },
  });
  const list = new ProposalList(layout.listSlot, layout.listPanel, {
    onSelect(id) {
      ui.update((s) => selectProposal(s, id));
      // On a phone the map is above the list: bring it back into view to show the popup.
      // Focus stays on the list item.
      const box = layout.map.getBoundingClientRect();
      if (box.top < 0 || box.top > window.innerHeight - box.height / 2) {
        const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        layout.map.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
      }
    },
    onRetry() {
      loadProposals(true);
    },
    onZoomTo([west, south, east, north]) {
      zoomToExtent(mapHandle.map, L.latLngBounds([south, west], [north, east]));
    },
  });

  let shownView: UiState["view"] | null = null;
  function render(): void {
    if (gone()) return;
    const s = ui.get();
    const d = data.get();
    const t = tr();
    const themes = readyOr(d.themes, noThemes);
    const colorOf = itemColors(themes);
    const districts = arrondissementsOf(readyOr(d.districts, noDistricts));
    const shownData = readyOr(d.proposals, null);
    const proposals = shownData?.items ?? noProposals;
    const clusters = shownData?.view?.mode === "tiles" ? shownData.view.clusters : null;

    // Only a view that changed in the state moves the map (never a redraw for another reason,
    // which could interrupt a pan in progress).
    if (s.view !== shownView) {
      shownView = s.view;
      mapHandle.show(s.view);
    }
    districtLayer.draw(districts, s.filters.district, t);
    proposalLayer.draw({
      items: proposals,
      clusters,
      colorOf,
      selected: s.selected,
      version: `${t.lang}:${themes.length}:${s.colorBy}`,
      zoom: s.view.zoom,
    });
    searchLayer.draw(d.search.chosen);
    if (s.colorBy === "status") {
      legend.draw(
        t.t("legend.status"),
        MAP_STATUSES.map((status) => ({ color: statusColor(status), label: t.status(status) })),
      );
    } else {
      const themeColor = colorsFor(themes);
      legend.draw(
        t.t("map.legend"),
        themes.map((theme) => ({ color: themeColor(theme.slug), label: t.themeName(theme) })),
      );
    }
    campaignPicker.draw(d.campaigns, s.campaign, t);
    search.draw(d.search, t);
    filters.draw({
      themes,
      districts,
      filters: s.filters,
      colorBy: s.colorBy,
      shown: s.shown,
      sort: s.sort,
      tr: t,
    });
    list.draw({ items: d.proposals, themes, colorOf, selected: s.selected, sort: s.sort, tr: t });
    layout.districtStatus.textContent =
      d.districts.status === "error"
        ? t.t("map.districtsError")
        : d.districts.status === "loading"
          ? t.t("map.loadingDistricts")
          : "";
  }
  ui.subscribe(render);
  data.subscribe(render);

  // --- loading ---------------------------------------------------------------------------------
  // A campaign of up to WHOLE_MAX proposals for the filters comes whole (clustered here); a larger
  // one as the server's clusters per tile at the city's zooms and as the proposals of the area in
  // view zoomed in (ADR 0008). The world's tile (0/0/0) says which: its count is the total.
  let loadedKey: string | null = null;
  let inFlight: AbortController | null = null;
  let viewInFlight: AbortController | null = null;
  /** The total for the filters when they are too many to come whole; null otherwise. */
  let large: { key: string; query: ProposalQuery; total: number; signal: AbortSignal } | null = null;
  /** The tiles asked for the filters (answered or on their way), by `key|z/x/y`. */
  const tileCache = new Map<string, Promise<MapTile>>();
  function tileOf(key: string, query: ProposalQuery, tile: TileKey, signal: AbortSignal): Promise<MapTile> {
    const id = `${key}|${tileId(tile)}`;
    const kept = tileCache.get(id);
    if (kept) return kept;
    const asked = api.mapTile(query, tile, signal);
    tileCache.set(id, asked);
    asked.catch(() => tileCache.delete(id));
    return asked;
  }
  let leanBox: Bounds | null = null;
  let viewAsked = "";

  function viewBounds(): Bounds {
    const b = mapHandle.map.getBounds();
    return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
  }

  function fail(error: unknown): void {
    if (isAbort(error)) return;
    console.error(error);
    data.update((d) => setRemote(d, "proposals", failed(String(error))));
  }

  /** For a large campaign: the tiles or the lean path's box of the view, when it changed. */
  function loadView(): void {
    if (gone() || large === null) return;
    const { key, query, total, signal } = large;
    const zoom = mapHandle.map.getZoom();
    const bounds = viewBounds();
    const mode = mapMode(total, zoom);
    if (mode === "lean") {
      if (leanBox && contains(leanBox, bounds)) return;
      const box = padded(bounds, 0.5);
      leanBox = box;
      viewAsked = "";
      viewInFlight?.abort();
      const controller = new AbortController();
      viewInFlight = controller;
      api
        .mapProposals({ ...query, bbox: [box.west, box.south, box.east, box.north] }, controller.signal)
        .then((answer) => {
          if (large?.key !== key) return;
          const found = {
            items: answer.items,
            count: answer.count,
            truncated: false,
            view: { mode: "lean" as const },
          };
          data.update((d) => setRemote(d, "proposals", ready(found)));
        })
        .catch(fail);
      return;
    }
    leanBox = null;
    viewInFlight?.abort(); // a box of the lean path still on its way
    const tiles = tilesFor(padded(bounds, 0.1), zoom);
    const asked = tiles.map(tileId).join(",");
    if (asked === viewAsked) return;
    viewAsked = asked;
    // Tiles are not aborted when the view moves on: they are small, and kept for the filters.
    Promise.all(tiles.map((tile) => tileOf(key, query, tile, signal)))
      .then((answers) => {
        if (large?.key !== key || viewAsked !== asked) return;
        const seen = mapHandle.map.getBounds();
        const clusters = answers.flatMap((a) => a.clusters);
        const items = answers.flatMap((a) => a.items);
        const count =
          clusters.reduce((n, c) => n + (seen.contains(c.latLng) ? c.count : 0), 0) +
          items.reduce((n, p) => n + (seen.contains(p.latLng) ? 1 : 0), 0);
        const found = { items, count, truncated: false, view: { mode: "tiles" as const, clusters } };
        data.update((d) => setRemote(d, "proposals", ready(found)));
      })
      .catch(fail);
  }

  function loadProposals(force = false): void {
    if (gone()) return;
    const campaigns = data.get().campaigns.status;
    const s = ui.get();
    // A campaign named in the address is asked for at once, beside the list of campaigns (one
    // round trip less on the first render); if it names none, the default one is asked for
    // when the list is there.
    if ((campaigns === "idle" || campaigns === "loading") && s.campaign === null) return;
    const key = proposalQueryKey(s);
    if (!force && key === loadedKey) {
      loadView();
      return;
    }
    loadedKey = key;
    large = null;
    leanBox = null;
    viewAsked = "";
    tileCache.clear();
    inFlight?.abort();
    viewInFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    data.update((d) => setRemote(d, "proposals", loading));
    const f = s.filters;
    const query = {
      campaign: s.campaign,
      theme: f.theme,
      district: f.district,
      status: f.status,
      search: f.search,
      minSupports: f.minSupports,
    };
    const whole = (): Promise<{ count: number; items: MapItem[] }> =>
      s.shown === "projects"
        ? api.mapProjects(query, controller.signal)
        : api.mapProposals(query, controller.signal);
    // The view's tiles are asked for beside the world's, which says whether they are needed: a
    // large campaign's first render waits for one round trip, not two.
    const zoom = mapHandle.map.getZoom();
    if (s.shown !== "projects" && mapMode(WHOLE_MAX + 1, zoom) === "tiles") {
      for (const tile of tilesFor(padded(viewBounds(), 0.1), zoom)) {
        tileOf(key, query, tile, controller.signal).catch(() => undefined);
      }
    }
    const first =
      s.shown === "projects"
        ? whole()
        : api.mapTile(query, [0, 0, 0], controller.signal).then((world) => {
            if (world.count <= WHOLE_MAX) return whole();
            large = { key, query, total: world.count, signal: controller.signal };
            loadView();
            return null;
          });
    first
      .then((answer) => {
        if (answer === null) return;
        const found = { items: answer.items, count: answer.count, truncated: false };
        data.update((d) => setRemote(d, "proposals", ready(found)));
        const selected = ui.get().selected;
        if (selected !== null && !found.items.some((p) => p.id === selected)) {
          quietly((st) => selectProposal(st, null));
        }
      })
      .catch(fail)
      .finally(() => {
        if (inFlight === controller) inFlight = null;
      });
  }
  ui.subscribe(() => {
    loadProposals();
  });

  hooks.signal?.addEventListener("abort", () => {
    inFlight?.abort();
    viewInFlight?.abort();
    mapHandle.map.remove();
  });

  data.update((d) => ({ ...d, campaigns: loading, themes: loading, districts: loading }));
  render();
  loadProposals();

  api.themes().then(
    (themes) => {
      data.update((d) => setRemote(d, "themes", ready(themes)));
    },
    (error: unknown) => {
      console.error(error);
      data.update((d) => setRemote(d, "themes", failed(String(error))));
    },
  );
  // The quartiers' outlines are drawn when zoomed in; without them the map still works.
  api.districts("quartier").then(
    (quartiers) => {
      if (!hooks.signal?.aborted) quartierLayer.draw(quartiers);
    },
    (error: unknown) => {
      console.error(error);
    },
  );
  api.districts("arrondissement").then(
    (districts) => {
      data.update((d) => setRemote(d, "districts", ready(districts)));
    },
    (error: unknown) => {
      console.error(error);
      data.update((d) => setRemote(d, "districts", failed(String(error))));
    },
  );
  // The city's campaigns (imported elections are the results page's archive), and the one the
  // map opens on now, both asked of the server: the list may be longer than a page.
  Promise.all([api.campaigns({ origin: "city" }), api.currentCampaign("map")]).then(
    ([list, current]) => {
      const campaigns = currentFirst(list, current);
      const wanted = ui.get().campaign;
      if (!campaigns.some((c) => c.slug === wanted))
        quietly((s) => setCampaign(s, current?.slug ?? defaultCampaign(campaigns)));
      data.update((d) => setRemote(d, "campaigns", ready(campaigns)));
      loadProposals();
    },
    (error: unknown) => {
      console.error(error);
      data.update((d) => setRemote(d, "campaigns", failed(String(error))));
      loadProposals();
    },
  );
}
