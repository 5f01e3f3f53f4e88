// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import fixture from "../../api/fixtures/campaigns.json";
import { fakeServer, settle, testContext, type Sent } from "../signIn/testContext";
import page from "./index";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

const base = fixture.results[0];
const campaign = (slug: string, name: string, origin: "city" | "imported", extra = {}) => ({
  ...base,
  slug,
  name,
  origin,
  current_phase: "results",
  voting_stage: "published",
  ...extra,
});
const pageOf = (results: unknown[], count = results.length, next: string | null = null) => ({
  status: 200,
  body: { count, next, previous: null, results, can: { create: false } },
});

function mount(params: Record<string, string> = {}) {
  const root = document.createElement("main");
  document.body.append(root);
  const context = { ...testContext(), params };
  page.mount(root, context);
  return { root, context };
}

describe("the results list", () => {
  it("asks the server for the city's published campaigns, and keeps imported elections apart", async () => {
    const city = (year: number) => campaign(`bp-${year}`, `Budget participatif de Paris ${year}`, "city");
    const imported = (n: number) => campaign(`pb-${n}`, `Élection importée ${n}`, "imported");
    const sent = fakeServer({
      "GET campaigns/": (s: Sent) =>
        s.query.get("origin") === "city"
          ? s.query.get("page") === "2"
            ? pageOf([city(2024)], 2)
            : pageOf([city(2025)], 2, "http://localhost/api/v1/campaigns/?page=2")
          : s.query.get("page") === "2"
            ? pageOf([imported(3)], 3)
            : pageOf([imported(1), imported(2)], 3, "http://localhost/api/v1/campaigns/?page=2"),
    });
    const { root, context } = mount();
    await settle();
    const asked = sent.map((s) => Object.fromEntries(s.query));
    expect(asked).toContainEqual({ stage: "published", origin: "city", page: "1", page_size: "100" });
    expect(asked).toContainEqual({ stage: "published", origin: "imported", page: "1", page_size: "50" });
    expect([...root.querySelectorAll(".results-campaigns a")].map((a) => a.textContent)).toEqual([
      "Budget participatif de Paris 2025",
    ]);
    const archive = root.querySelector(".results-archive");
    expect(archive?.querySelector("h2")?.textContent).toBe("Archives : élections importées (3)");
    expect(archive?.querySelectorAll("li")).toHaveLength(2);
    // The next page of the archive, on request.
    archive?.querySelector("button")?.click();
    await settle();
    expect(archive?.querySelectorAll("li")).toHaveLength(3);
    expect(archive?.querySelector("button")).toBeNull();
    expect(context.announced).toContain("3 élections importées affichées sur 3");
    // The city's campaigns too, page by page.
    root.querySelector<HTMLButtonElement>(".narrow > button")?.click();
    await settle();
    expect([...root.querySelectorAll(".results-campaigns a")].map((a) => a.textContent)).toEqual([
      "Budget participatif de Paris 2025",
      "Budget participatif de Paris 2024",
    ]);
    expect(context.announced).toContain("2 campagnes affichées sur 2");
    expect(context.navigated).toEqual([]);
  });

  it("opens the only campaign with results straight away", async () => {
    fakeServer({
      "GET campaigns/": (s: Sent) =>
        s.query.get("origin") === "city" ? pageOf([campaign("bp-2025", "BP 2025", "city")]) : pageOf([]),
    });
    const { context } = mount();
    await settle();
    expect(context.navigated).toEqual(["/resultats/bp-2025"]);
  });
});

const RECOUNT = {
  ballot_file: "http://localhost/api/v1/campaigns/demo/areas/pb-demo/ballots.pb",
  file_name: "demo-pb-demo.pb",
  rule: "greedy",
  parameters: {
    vote_type: "approval",
    method: "approval",
    budget: 100_000,
    reserved_amount: 0,
    satisfaction: null,
  },
  inputs_hash: "a".repeat(64),
  pabutools: null,
  pabutools_note: "",
  pb_tally: "python backend/manage.py pb_tally demo --rule greedy --json",
};

function resultsOf(located: boolean) {
  const winner = {
    project: 1,
    id: "1",
    title: "Un jardin",
    cost: 60_000,
    priority: false,
    selected: true,
    rank: 1,
    votes: 10,
    ...(located ? { latitude: 48.84, longitude: 2.35 } : {}),
  };
  return {
    status: 200,
    body: {
      campaign: "demo",
      phase: "results",
      public: true,
      count_started_at: null,
      late_refusals: 0,
      can: { view: true, download_ballots: true, compare: false },
      areas: [
        {
          area: { code: "pb-demo", name: "Demo", kind: "city" },
          rule: "greedy",
          method: "approval",
          statement: "Greedy.",
          winners: [{ project: 1, id: "1", title: "Un jardin", cost: 60_000, priority: false }],
          projects: [winner],
          total_cost: 60_000,
          budget: 100_000,
          budget_share_used: 0.6,
          reserved_share_used: null,
          turnout: { online: 0, paper: 0, ballots_counted: 10, ballots_not_counted: 0 },
          inputs_hash: "a".repeat(64),
          computed_at: "2026-06-01T10:00:00+02:00",
          recount: RECOUNT,
        },
      ],
    },
  };
}

describe("a campaign's results", () => {
  it("says simulated ballots, offers no empty GeoJSON and puts the .pb file with the downloads", async () => {
    fakeServer({
      "GET campaigns/demo/": {
        status: 200,
        body: campaign("demo", "Démo", "city", { simulated_ballots: true }),
      },
      "GET campaigns/demo/results/": resultsOf(false),
    });
    const { root } = mount({ campaign: "demo" });
    await settle();
    expect(root.querySelector(".results-notice.is-simulated")?.textContent).toMatch(
      /^Démonstration : les bulletins de cette campagne ont été simulés/,
    );
    const links = [...root.querySelectorAll(".results-downloads-list a")];
    expect(links.map((a) => a.getAttribute("download"))).toEqual(["demo-results.csv", "demo-pb-demo.pb"]);
    // Not at the foot of the area any more.
    expect(root.querySelector(".result-area-foot a")).toBeNull();
  });

  it("folds the ballot files of several areas under one line", async () => {
    const answer = resultsOf(false);
    const [area] = answer.body.areas;
    answer.body.areas.push({ ...area, area: { code: "pb-demo-2", name: "Demo 2", kind: "city" } } as never);
    fakeServer({
      "GET campaigns/demo/": { status: 200, body: campaign("demo", "Démo", "city") },
      "GET campaigns/demo/results/": answer,
    });
    const { root } = mount({ campaign: "demo" });
    await settle();
    const folded = root.querySelector(".results-ballot-files details");
    expect(folded?.querySelector("summary")?.textContent).toBe(
      "Bulletins de chaque zone (2 fichiers .pb, format pabulib)",
    );
    expect([...(folded?.querySelectorAll("a") ?? [])].map((a) => a.getAttribute("download"))).toEqual([
      "demo-pb-demo.pb",
      "demo-pb-demo-2.pb",
    ]);
  });

  it("says nothing of simulation for a real vote", async () => {
    fakeServer({
      "GET campaigns/demo/": { status: 200, body: campaign("demo", "Démo", "city") },
      "GET campaigns/demo/results/": resultsOf(false),
    });
    const { root } = mount({ campaign: "demo" });
    await settle();
    expect(root.querySelector("h1")?.textContent).toBe("Résultats — Démo");
    expect(root.querySelector(".is-simulated")).toBeNull();
  });
});
