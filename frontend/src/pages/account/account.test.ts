// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import fixture from "../../api/fixtures/campaigns.json";
import {
  apiError,
  errorOf,
  fakeServer,
  fill,
  settle,
  testContext,
  USER,
  type Sent,
} from "../signIn/testContext";
import page from "./index";

const AREAS = [
  { code: "paris", name: "Tout Paris", kind: "city" },
  { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
  { code: "paris-centre", name: "Paris Centre", kind: "arrondissements" },
];
const CAMPAIGN = {
  ...fixture.results[0],
  slug: "bp-vote",
  name: "Budget participatif — le vote",
  current_phase: "voting",
  voting_stage: "open",
  areas: AREAS,
};
interface Can {
  vote: boolean;
  replace: boolean;
  reason: string | null;
  message: string | null;
}
const CAN_NOT: Can = {
  vote: false,
  replace: false,
  reason: "declaration_missing",
  message: "Declare yourself.",
};
const DECLARATION = {
  full_name: "",
  birth_date: "1990-05-17",
  address: "12 rue Mouffetard",
  address_label: "12 Rue Mouffetard 75005 Paris",
  home_arrondissement: "5e arrondissement",
  heart_area: AREAS[1],
  status: "pending",
  review_reason: "",
  reviewed_at: null,
};

function status(declaration: unknown, can: Can = CAN_NOT, voted: string | null = null) {
  return {
    campaign: "bp-vote",
    voting_rule: "majority_judgment",
    minimum_age: 0,
    can,
    declaration,
    areas: [{ area: AREAS[1], envelope: null, reserved_amount: null, voted, can }],
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

async function mount(routes: Parameters<typeof fakeServer>[0], user = USER) {
  const sent = fakeServer({ "GET auth/session/": { status: 200, body: { user } }, ...routes });
  const root = document.createElement("main");
  document.body.append(root);
  const context = testContext();
  await context.session.refresh();
  page.mount(root, context);
  await settle();
  return { root, context, sent };
}

const campaigns = (list: unknown[]) => ({
  status: 200,
  body: { ...fixture, count: list.length, results: list },
});

describe("my account", () => {
  it("says who you are, that the address is not confirmed (with a resend), and the role", async () => {
    const { root } = await mount({ "GET campaigns/": campaigns([]) });
    const facts = root.querySelector(".account-facts")?.textContent ?? "";
    expect(facts).toContain("Léa");
    expect(facts).toContain("lea@example.org");
    expect(facts).toContain("Habitant·e");
    expect(root.querySelector("#email-not-verified")).not.toBeNull();
    expect(root.querySelector("#resend-verification")).not.toBeNull();
    expect(root.querySelector(".declarations")?.textContent).toContain(
      "Aucune campagne n'est en phase de vote",
    );
  });

  it("names an official's areas", async () => {
    const { root } = await mount({ "GET campaigns/": campaigns([]) }, {
      ...USER,
      role: "official",
      areas: ["paris-05"],
      email_verified: true,
    } as never);
    expect(root.querySelector(".account-facts")?.textContent).toContain("Agent·e de la Ville (paris-05)");
    expect(root.querySelector("#email-not-verified")).toBeNull();
  });

  it("asks the voting campaigns only, and offers the declaration form with the arrondissements", async () => {
    const { root, sent } = await mount({
      "GET campaigns/": campaigns([CAMPAIGN]),
      "GET campaigns/bp-vote/voting/": { status: 200, body: status(null) },
    });
    // The city's campaigns whose vote is open now, asked of the server.
    const asked = sent.find((s) => s.path === "campaigns/")?.query;
    expect([asked?.get("stage"), asked?.get("origin")]).toEqual(["open", "city"]);
    const block = root.querySelector(".declaration");
    expect(block?.querySelector("h3")?.textContent).toBe("Budget participatif — le vote");
    expect(block?.querySelector(".vote-line")?.textContent).toBe(
      "Vous ne pouvez pas encore voter : déclarez-vous ci-dessous.",
    );
    expect(block?.textContent).toContain("pas encore déclarée");
    const options = [...(block?.querySelectorAll<HTMLOptionElement>("select[name=heart_area] option") ?? [])];
    expect(options.map((o) => o.value)).toEqual(["", "paris-05", "paris-centre"]);
    expect(options[0]?.textContent).toBe("Celui de mon domicile");
  });

  it("sends the declaration, says it was saved and shows it back with its status", async () => {
    let declared: unknown = null;
    const { root, sent } = await mount({
      "GET campaigns/": campaigns([CAMPAIGN]),
      "GET campaigns/bp-vote/voting/": () => ({
        status: 200,
        body: status(
          declared,
          declared ? { vote: true, replace: false, reason: null, message: null } : CAN_NOT,
        ),
      }),
      "PUT campaigns/bp-vote/declaration/": (s: Sent) => {
        declared = DECLARATION;
        return { status: 200, body: { ...DECLARATION, address: (s.body as { address: string }).address } };
      },
    });
    const form = root.querySelector<HTMLFormElement>(".declaration-form");
    if (!form) throw new Error("no form");
    fill(form, "full_name", "  Camille   Durand ");
    fill(form, "birth_date", "1990-05-17");
    fill(form, "address", "12 rue Mouffetard");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.find((s) => s.method === "PUT")?.body).toEqual({
      full_name: "Camille Durand",
      birth_date: "1990-05-17",
      address: "12 rue Mouffetard",
      heart_area: null,
    });
    const block = root.querySelector(".declaration");
    expect(block?.querySelector(".declaration-saved")?.textContent).toBe(
      "Déclaration enregistrée : la mairie va la vérifier.",
    );
    expect(block?.textContent).toContain("à vérifier par la mairie");
    expect(block?.textContent).toContain("12 Rue Mouffetard 75005 Paris");
    expect(block?.textContent).toContain("17 mai 1990");
    expect(block?.querySelector<HTMLSelectElement>("select[name=heart_area]")?.value).toBe("paris-05");
    expect(block?.querySelector(".vote-line a")?.getAttribute("href")).toBe("/voter/bp-vote");
  });

  it("puts the server's refusals next to their fields", async () => {
    const { root } = await mount({
      "GET campaigns/": campaigns([CAMPAIGN]),
      "GET campaigns/bp-vote/voting/": { status: 200, body: status(null) },
      "PUT campaigns/bp-vote/declaration/": apiError(400, "outside_city", "This address is not in Paris.", {
        address: ["This address is not in Paris."],
      }),
    });
    const form = root.querySelector<HTMLFormElement>(".declaration-form");
    if (!form) throw new Error("no form");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(errorOf(form, "full_name")).toBe(
      "Saisissez votre nom et votre prénom, comme sur vos papiers d'identité.",
    );
    expect(errorOf(form, "birth_date")).toBe("Saisissez votre date de naissance.");
    expect(errorOf(form, "address")).toBe("Saisissez l'adresse de votre domicile.");
    fill(form, "full_name", "Camille Durand");
    fill(form, "birth_date", "1990-05-17");
    fill(form, "address", "1 place de la Mairie, Versailles");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    // The refusal's code in the page's words, not the server's English.
    expect(errorOf(form, "address")).toBe("Ce lieu est en dehors de Paris.");
    expect(errorOf(form, "birth_date")).toBe("");
  });

  it("shows a refused declaration with its reason and no form; a voter's cannot change either", async () => {
    const refused = await mount({
      "GET campaigns/": campaigns([CAMPAIGN]),
      "GET campaigns/bp-vote/voting/": {
        status: 200,
        body: status(
          { ...DECLARATION, status: "refused", review_reason: "Adresse inconnue." },
          { ...CAN_NOT, reason: "not_eligible" },
        ),
      },
    });
    const block = refused.root.querySelector(".declaration");
    expect(block?.textContent).toContain("refusée");
    expect(block?.textContent).toContain("Motif : Adresse inconnue.");
    expect(block?.querySelector("form")).toBeNull();
    document.body.replaceChildren();
    const voted = await mount({
      "GET campaigns/": campaigns([CAMPAIGN]),
      "GET campaigns/bp-vote/voting/": {
        status: 200,
        body: status(DECLARATION, { ...CAN_NOT, reason: "already_voted" }, "online"),
      },
    });
    expect(voted.root.querySelector(".declaration form")).toBeNull();
    expect(voted.root.querySelector(".declaration")?.textContent).toContain("Vous avez voté");
  });
});
