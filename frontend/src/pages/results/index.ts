/**
 * `/resultats`: the campaigns whose results are published (straight to the one when there is
 * only one). `/resultats/<campaign>`: the rule in words, an area picker (`?zone=<code>` in the
 * URL), the winners on a map and in a list per area with their votes or grade profiles, costs,
 * the envelope and reserved share used, turnout, the projects not selected, and the downloads
 * (CSV, GeoJSON, each area's ballots as a pabulib `.pb` file).
 */
import type { z } from "zod";
import { api, ApiError, isAbort, type District } from "../../api";
import { request } from "../../api/request";
import * as schemas from "../../api/generated/zod";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator, type LocalT } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { createResultsMap, type ResultsMap } from "./map";
import { resultsMessages, type ResultsKey } from "./messages";
import {
  areaArrondissements,
  ballotFile,
  campaignsWithResults,
  distinctRules,
  downloads,
  areaName,
  isParis,
  pickArea,
  sortAreas,
  winnerPoints,
  type AreaResult,
  type Results,
} from "./model";
import { ruleStatements } from "./rules";
import { recountSection } from "./recount";
import { areaSection, itemId } from "./view";
import "./results.css";

type T = LocalT<ResultsKey>;

const RULE_KEYS: Record<string, ResultsKey> = {
  "majority-judgment": "rule.majority-judgment",
  "rank-then-fund": "rule.rank-then-fund",
  greedy: "rule.greedy",
  mes: "rule.mes",
  "mes-increase": "rule.mes-increase",
  "mes-add1": "rule.mes-add1",
  phragmen: "rule.phragmen",
};

function ruleText(t: T, rule: string): string {
  const key = RULE_KEYS[rule];
  return key ? t(key) : t("rule.other", { rule });
}

function errorText(t: T, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return t("notFound");
    if (error.status === 409 || error.status === 403) return t("notPublished");
  }
  return t("loadFailed");
}

const CITY_PAGE = 100;
const ARCHIVE_PAGE = 50;

type CampaignPage = z.output<typeof schemas.PaginatedCampaignOutputList>;

function campaignItem(c: { slug: string; name: string; current_phase: string }, context: PageContext) {
  return h(
    "li",
    {},
    h("a", { href: pathTo("resultsCampaign", { campaign: c.slug }) }, c.name),
    " ",
    h("span", { class: "campaign-phase" }, context.t.phase(c.current_phase)),
  );
}

/** A button that adds the next page of a list to `list` (null when there is no next page). */
function moreButton(
  first: CampaignPage,
  list: HTMLElement,
  askPage: (page: number) => Promise<CampaignPage>,
  label: string,
  shown: (shown: number, count: number) => string,
  context: PageContext,
  failed: string,
): HTMLButtonElement | null {
  let next = first.next ? 2 : null;
  if (next === null) return null;
  const more = h("button", { type: "button", class: "button button-quiet" }, label);
  more.addEventListener("click", () => {
    if (next === null) return;
    more.disabled = true;
    askPage(next).then(
      (answer) => {
        list.append(...answer.results.map((c) => campaignItem(c, context)));
        next = answer.next && next !== null ? next + 1 : null;
        more.disabled = false;
        if (next === null) more.remove();
        context.announce(shown(list.children.length, answer.count));
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        more.disabled = false;
        context.announce(failed);
      },
    );
  });
  return more;
}

/**
 * The city's campaigns with published results, and apart from them the archive of elections
 * imported from pabulib (for research), read page by page: both asked of the server, which may
 * hold hundreds of them.
 */
async function listCampaigns(root: HTMLElement, context: PageContext, t: T): Promise<void> {
  const status = h("p", { role: "status" }, t("loading"));
  const body = h("div", { class: "narrow" }, h("h1", {}, t("title")), status);
  root.append(body);
  context.setTitle(t("title"));
  const askPage = (origin: "city" | "imported", size: number) => (page: number) =>
    request("GET", "campaigns/", {
      schema: schemas.PaginatedCampaignOutputList,
      query: { stage: "published", origin, page, page_size: size },
      signal: context.signal,
    });
  const cityPage = askPage("city", CITY_PAGE);
  const archivePage = askPage("imported", ARCHIVE_PAGE);
  const [city, archive] = await Promise.all([cityPage(1), archivePage(1)]);
  const campaigns = campaignsWithResults(city.results);
  const only = [...campaigns, ...archive.results];
  if (only.length === 1 && archive.count + city.count === 1) {
    context.navigate(pathTo("resultsCampaign", { campaign: (only[0] as { slug: string }).slug }), {
      replace: true,
    });
    return;
  }
  if (city.count + archive.count === 0) {
    setText(status, t("noCampaign"));
    return;
  }
  setText(status, campaigns.length ? t("chooseCampaign") : t("noCityCampaign"));
  if (campaigns.length) {
    const list = h(
      "ul",
      { class: "results-campaigns", "aria-label": t("allCampaigns") },
      ...campaigns.map((c) => campaignItem(c, context)),
    );
    body.append(list);
    const more = moreButton(
      city,
      list,
      cityPage,
      t("cityMore"),
      (shown, count) => t("cityShown", { shown, count }),
      context,
      t("loadFailed"),
    );
    if (more) body.append(more);
  }
  if (archive.count === 0) return;
  const list = h(
    "ul",
    { class: "results-archive-list" },
    ...archive.results.map((c) => campaignItem(c, context)),
  );
  const section = h(
    "section",
    { class: "results-archive", "aria-labelledby": "archive-title" },
    h("h2", { id: "archive-title" }, t("archiveHeading", { count: archive.count })),
    h("p", { class: "field-hint" }, t("archiveIntro")),
    list,
  );
  body.append(section);
  const more = moreButton(
    archive,
    list,
    archivePage,
    t("archiveMore"),
    (shown, count) => t("archiveShown", { shown, count }),
    context,
    t("loadFailed"),
  );
  if (more) section.append(more);
}

interface State {
  results: Results;
  areas: AreaResult[];
  area: string | null;
  districts: District[] | null;
}

async function showCampaign(
  root: HTMLElement,
  context: PageContext,
  t: T,
  slug: string,
  onMap: (map: ResultsMap) => void,
): Promise<void> {
  const heading = h("h1", {}, t("title"));
  const status = h("p", { role: "status", class: "results-status" }, t("loading"));
  const page = h("div", { class: "results-page" }, heading, status);
  root.append(page);
  context.setTitle(t("title"));

  let results: Results;
  let name = slug;
  let simulated = false;
  try {
    const [campaign, answer] = await Promise.all([
      api.campaign(slug, context.signal),
      request("GET", `campaigns/${encodeURIComponent(slug)}/results/`, {
        schema: schemas.ResultsOutput,
        signal: context.signal,
      }),
    ]);
    results = answer;
    name = campaign.name;
    simulated = campaign.simulated_ballots;
  } catch (error) {
    if (isAbort(error)) return;
    setText(status, errorText(t, error));
    return;
  }
  setText(heading, t("titleOf", { name }));
  context.setTitle(t("titleOf", { name }));
  setText(status, "");

  const areas = sortAreas(results.areas);
  const nameOf = (area: { code: string; name: string }): string =>
    areaName(area, (n) => context.t.arrondissement(n));
  const state: State = {
    results,
    areas,
    area: pickArea(areas, context.query.get("zone")),
    districts: null,
  };
  if (!results.public) page.append(h("p", { class: "results-notice" }, t("preview")));
  // A demonstration: its ballots were made up, and the page says so before any figure.
  if (simulated) page.append(h("p", { class: "results-notice is-simulated" }, t("simulated")));
  if (areas.length === 0) {
    setText(status, t("noResults"));
    return;
  }

  // The rule, in one sentence per rule (and the full statement each result publishes).
  const rules = distinctRules(areas);
  page.append(
    h(
      "section",
      { class: "results-rule", "aria-labelledby": "rule-title" },
      h("h2", { id: "rule-title" }, t("ruleHeading")),
      ...rules.map((rule) => h("p", {}, ruleText(t, rule))),
      h("details", {}, h("summary", {}, t("ruleDetails")), ...ruleStatements(areas, context.lang)),
    ),
  );

  // The area picker and the downloads.
  const select = h(
    "select",
    { id: "results-area", name: "zone" },
    h("option", { value: "" }, t("allAreas", { count: areas.length })),
    ...areas.map((a) => h("option", { value: a.area.code }, nameOf(a.area))),
  );
  select.value = state.area ?? "";
  const links = h("ul", { class: "results-downloads-list" });
  page.append(
    h(
      "div",
      { class: "results-controls" },
      areas.length > 1
        ? h(
            "div",
            { class: "field results-area-picker" },
            h("label", { for: "results-area" }, t("areaLabel")),
            select,
          )
        : null,
      h(
        "section",
        { class: "results-downloads", "aria-labelledby": "downloads-title" },
        h("h2", { id: "downloads-title" }, t("downloadsHeading")),
        links,
        results.can.download_ballots ? h("p", { class: "field-hint" }, t("downloadsNote")) : null,
      ),
    ),
  );

  // The map and the list.
  const paris = isParis(areas.map((a) => a.area));
  const mapNote = h("p", { class: "results-map-note", role: "status" });
  const mapBox = h("div", {
    id: "results-map",
    class: "results-map",
    role: "region",
    "aria-label": t("mapLabel"),
  });
  const mapSection = h(
    "section",
    { class: "results-map-panel", "aria-labelledby": "map-title" },
    h("h2", { id: "map-title" }, t("mapHeading")),
    mapNote,
  );
  const list = h("div", { class: "results-areas" });
  const located = winnerPoints(areas);
  const hasMap = paris || located.length > 0;
  page.append(
    h(
      "div",
      { class: hasMap ? "results-layout" : "results-layout is-list-only" },
      mapSection,
      h(
        "section",
        { class: "results-list-panel", "aria-labelledby": "list-title" },
        h("h2", { id: "list-title" }, t("listHeading")),
        list,
      ),
    ),
  );

  let map: ResultsMap | null = null;
  if (hasMap) {
    mapSection.append(mapBox);
    map = createResultsMap(mapBox, { zoomIn: t("zoomIn"), zoomOut: t("zoomOut") }, (point) => {
      const item = document.getElementById(itemId(point.area, point.project));
      if (item) {
        item.scrollIntoView({ block: "center" });
        item.focus();
      }
    });
    onMap(map);
  } else {
    setText(mapNote, t("mapNothing"));
  }

  const shownAreas = (): AreaResult[] =>
    state.area ? areas.filter((a) => a.area.code === state.area) : areas;
  const names = new Map(areas.map((a) => [a.area.code, nameOf(a.area)]));

  const drawList = (): void => {
    const view = {
      t,
      lang: context.lang,
      slug,
      canDownloadBallots: results.can.download_ballots,
      areaName: nameOf,
    };
    list.replaceChildren(
      ...shownAreas().map((r) => {
        const section = areaSection(r, view);
        section.append(recountSection(r, view.lang, view.canDownloadBallots));
        return section;
      }),
    );
    // Every download in one place: the results (CSV), the located winners (GeoJSON, only when
    // there is one: an empty collection is not offered) and each shown area's ballots (.pb).
    const files = downloads(slug, state.area);
    const link = (href: string, name: string, text: string) =>
      h("li", {}, h("a", { href, download: name, class: "download-link" }, text));
    const ballots = results.can.download_ballots
      ? shownAreas().map((r) => {
          const file = ballotFile(slug, r.area.code);
          return link(file.href, file.name, t("downloadBallots", { area: nameOf(r.area) }));
        })
      : [];
    links.replaceChildren(
      link(files.csv, files.csvName, t("downloadCsv")),
      ...(winnerPoints(shownAreas()).length > 0
        ? [link(files.geojson, files.geojsonName, t("downloadGeojson"))]
        : []),
      // One area: its file; several: theirs folded under one line (Paris has eighteen).
      ...(ballots.length > 1
        ? [
            h(
              "li",
              { class: "results-ballot-files" },
              h(
                "details",
                {},
                h("summary", {}, t("downloadBallotsAll", { count: ballots.length })),
                h("ul", {}, ...ballots),
              ),
            ),
          ]
        : ballots),
    );
  };

  const drawMap = (): void => {
    if (!map) return;
    const shown = shownAreas();
    const points = winnerPoints(shown);
    map.winners(points, (p) =>
      t("marker", { position: p.position, title: p.title, area: names.get(p.area) ?? p.area }),
    );
    const stressed = [...new Set(shown.flatMap((a) => areaArrondissements(a.area.code)))];
    if (state.districts) map.outlines(state.districts, stressed);
    map.fit();
    const winners = shown.reduce((n, a) => n + a.projects.filter((p) => p.selected).length, 0);
    const unplaced = winners - points.length;
    setText(mapNote, unplaced > 0 ? t("mapUnplaced", { count: unplaced }) : "");
  };

  const draw = (): void => {
    drawList();
    drawMap();
  };

  select.addEventListener("change", () => {
    state.area = select.value || null;
    const query = new URLSearchParams(context.query);
    if (state.area) query.set("zone", state.area);
    else query.delete("zone");
    context.replaceQuery(query);
    draw();
    const shown = state.area ? areas.find((a) => a.area.code === state.area) : null;
    context.announce(shown ? nameOf(shown.area) : t("allAreas", { count: areas.length }));
  });

  draw();

  if (map && paris) {
    try {
      state.districts = await api.districts("arrondissement", context.signal);
      drawMap();
    } catch (error) {
      if (isAbort(error)) return;
      setText(mapNote, t("mapOutlinesFailed"));
    }
  }
}

const page: Page = {
  mount(root, context) {
    const t = localTranslator(resultsMessages, context.lang);
    let map: ResultsMap | null = null;
    const slug = context.params.campaign;
    const run = slug
      ? showCampaign(root, context, t, slug, (m) => {
          map = m;
        })
      : listCampaigns(root, context, t);
    run.catch((error: unknown) => {
      if (isAbort(error)) return;
      root.append(h("p", { role: "alert" }, errorText(t, error)));
    });
    return () => {
      map?.remove();
    };
  },
};

export default page;
