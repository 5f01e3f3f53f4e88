// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import campaigns from "../../api/fixtures/campaigns.json";
import { fakeServer, settle, testContext } from "../signIn/testContext";
import page from "./index";
import { myProposal } from "./items";

function feature(id: number, extra: Record<string, unknown> = {}) {
  return {
    type: "Feature",
    id,
    geometry: { type: "Point", coordinates: [2.35, 48.84] },
    properties: {
      campaign: "bp-2026",
      title: `Proposition ${id}`,
      description: "…",
      theme: { slug: "environnement", name: "Environnement" },
      scope: "arrondissement",
      status: "submitted",
      location_status: "placed",
      location_error: "",
      address: "12 rue Mouffetard",
      estimated_cost: null,
      public_answer: "",
      is_hidden: false,
      hidden_reason: "",
      merged_into: null,
      project: null,
      district: { code: "75105", name: "5e arrondissement" },
      quartier: null,
      area: null,
      created_at: "2026-03-02T10:00:00+01:00",
      updated_at: "2026-03-02T10:00:00+01:00",
      supports: 0,
      supported: false,
      can: {
        support: false,
        unsupport: false,
        edit: false,
        withdraw: false,
        report: false,
        moderate: false,
        hide: false,
        restore: false,
        review: false,
        start_review: false,
        accept: false,
        reject: false,
        prepare: false,
        note: false,
        assign: false,
        merge: false,
      },
      ...extra,
    },
  };
}

const page1 = (features: unknown[], count: number, next: string | null = null) => ({
  status: 200,
  body: { type: "FeatureCollection", count, next, previous: null, features },
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

async function mount(routes: Parameters<typeof fakeServer>[0]) {
  const sent = fakeServer({ "GET campaigns/": { status: 200, body: campaigns }, ...routes });
  const root = document.createElement("main");
  document.body.append(root);
  page.mount(root, testContext());
  await settle();
  return { root, sent };
}

describe("myProposal", () => {
  it("says hidden rather than the status, and the cost of accepted ones only", () => {
    expect(myProposal(feature(1, { is_hidden: true, hidden_reason: "Hors sujet" }) as never).status).toBe(
      "hidden",
    );
    expect(myProposal(feature(2, { status: "accepted", estimated_cost: 12000 }) as never).cost).toBe(12000);
    expect(myProposal(feature(3, { status: "rejected", estimated_cost: 12000 }) as never).cost).toBeNull();
    expect(myProposal(feature(4, { address: "", district: null }) as never).place).toBeNull();
  });
});

describe("my proposals", () => {
  it("asks the API for mine, and lists each with its status, answer and link", async () => {
    const { root, sent } = await mount({
      "GET proposals/": page1(
        [
          feature(12, { status: "rejected", public_answer: "Hors du domaine de la Ville." }),
          feature(13, { status: "accepted", estimated_cost: 45000 }),
          feature(14, { is_hidden: true, hidden_reason: "Propos injurieux" }),
        ],
        3,
      ),
    });
    expect(sent.find((s) => s.path === "proposals/")?.query.get("mine")).toBe("true");
    const items = [...root.querySelectorAll("li.my-proposal")];
    expect(items).toHaveLength(3);
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("/propositions/12");
    expect(items[0]?.querySelector(".status-badge")?.textContent).toBe("Non recevable");
    expect(items[0]?.textContent).toContain("Hors du domaine de la Ville.");
    expect(items[0]?.textContent).toContain("Budget participatif 2026");
    expect(items[1]?.textContent.replace(/\s/g, " ")).toContain("Coût estimé : 45 000 €");
    expect(items[1]?.textContent).toContain("Pas encore de réponse.");
    expect(items[2]?.querySelector(".status-badge")?.textContent).toBe("Masquée");
    expect(items[2]?.textContent).toContain("Masquée par la modération : Propos injurieux");
    expect(root.querySelector(".my-proposals-count")?.textContent).toBe("3 propositions");
  });

  it("says when there are none, with a way to propose", async () => {
    const { root } = await mount({ "GET proposals/": page1([], 0) });
    expect(root.querySelector(".my-proposals-count")?.textContent).toBe(
      "Vous n'avez encore déposé aucune proposition.",
    );
    expect(root.querySelector('a[href="/proposer"]')).not.toBeNull();
  });

  it("shows more pages on demand", async () => {
    const { root, sent } = await mount({
      "GET proposals/": (s) =>
        s.query.get("page") === "1"
          ? page1([feature(1)], 2, "http://localhost/api/v1/proposals/?mine=true&page=2")
          : page1([feature(2)], 2),
    });
    expect(root.querySelector(".my-proposals-count")?.textContent).toBe("1 sur 2 affichées");
    root.querySelector<HTMLButtonElement>(".account-page > button")?.click();
    await settle();
    expect(sent.filter((s) => s.path === "proposals/").map((s) => s.query.get("page"))).toEqual(["1", "2"]);
    expect(root.querySelectorAll("li.my-proposal")).toHaveLength(2);
    expect(root.querySelector<HTMLButtonElement>(".account-page > button")?.hidden).toBe(true);
  });
});
