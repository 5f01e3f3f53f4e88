// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import fixture from "../../api/fixtures/campaigns.json";
import { settle, testContext } from "../signIn/testContext";
import { personLabel } from "./roles.change";
import page from "./roles";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

const PEOPLE = [
  {
    id: 3,
    email: "marie.dupont@paris.fr",
    display_name: "Marie Dupont",
    role: "official",
    areas: ["paris-05"],
  },
  { id: 9, email: "m.dupont@example.org", display_name: "Marie Dupont", role: "official", areas: ["paris"] },
  { id: 4, email: "admin@paris.fr", display_name: "", role: "administrator", areas: [] },
];
const CAMPAIGN = {
  ...fixture.results[0],
  areas: [
    { code: "paris", name: "Tout Paris", kind: "city" },
    { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
  ],
};

/** A fetch whose campaigns answer only when `release` is called (after the people's). */
function slowCampaigns(): { release: () => void } {
  let release: (() => void) | null = null;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  vi.stubGlobal("fetch", async (input: string) => {
    const path = new URL(input, "http://localhost").pathname.replace(/^\/api\/v1\//, "");
    if (path === "users/") return json({ count: PEOPLE.length, next: null, previous: null, results: PEOPLE });
    await held;
    if (path === "campaigns/current/") return json(CAMPAIGN);
    if (path === "campaigns/")
      return json({ count: 1, next: null, previous: null, results: [CAMPAIGN], can: { create: false } });
    return json({ status: 404, code: "not_found", message: "Not found.", errors: {} }, 404);
  });
  return {
    release: () => {
      release?.();
    },
  };
}

describe("the roles page", () => {
  it("draws the areas' names when the campaigns answer after the people", async () => {
    const { release } = slowCampaigns();
    const root = document.createElement("main");
    document.body.append(root);
    page.mount(root, testContext());
    await settle();
    const areasOf = () => [...root.querySelectorAll("tbody tr")].map((tr) => tr.children[2]?.textContent);
    expect(areasOf()).toEqual(["paris-05", "paris", "Toutes (administration)"]);
    release();
    await settle();
    expect(areasOf()).toEqual(["5e arrondissement", "Tout Paris", "Toutes (administration)"]);
  });

  it("tells homonyms apart by their email, in the table and in the buttons' names", async () => {
    slowCampaigns().release();
    const root = document.createElement("main");
    document.body.append(root);
    page.mount(root, testContext());
    await settle();
    const people = [...root.querySelectorAll("tbody th")].map((th) => th.textContent);
    expect(people).toEqual([
      "Marie Dupontmarie.dupont@paris.fr",
      "Marie Dupontm.dupont@example.org",
      "admin@paris.fr",
    ]);
    const names = [...root.querySelectorAll("tbody button")].map((b) => b.getAttribute("aria-label"));
    expect(new Set(names).size).toBe(3);
    expect(names[0]).toBe("Changer le rôle de Marie Dupont (marie.dupont@paris.fr)");
    // A table for assistive technologies whatever the layout.
    expect(root.querySelector("table")?.getAttribute("role")).toBe("table");
    expect(root.querySelector("tbody td")?.getAttribute("role")).toBe("cell");
  });

  it("names a person by name and email, or email alone", () => {
    expect(personLabel({ display_name: "Léa", email: "lea@example.org" })).toBe("Léa (lea@example.org)");
    expect(personLabel({ display_name: "", email: "lea@example.org" })).toBe("lea@example.org");
  });
});
