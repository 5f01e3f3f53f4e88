// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import geocode from "../api/fixtures/geocode.json";
import themes from "../api/fixtures/themes.json";
import { apiError, errorOf, fakeServer, settle, testContext, USER } from "../pages/signIn/testContext";
import listPage from "../pages/petitions";
import petitionPage from "../pages/petition";
import filePage from "../pages/petitionNew";
import minePage from "../pages/myPetitions";
import queuePage, { deps as queueDeps, dueWords, moderationBody } from "../pages/manage/petitions";
import { petitionQueueMessages } from "../pages/manage/petitions.messages";
import { localTranslator } from "../i18n/local";
import { petitionMessages } from "./messages";
import { petitionCard } from "./view";
import { detail, page, PROCESS, QUEUE, summary } from "./fixtures";

const EMPTY_DISTRICTS = { status: 200, body: { type: "FeatureCollection", features: [] } };
const BASE = {
  "GET themes/": { status: 200, body: themes },
  "GET districts/": EMPTY_DISTRICTS,
  "GET petitions/processes/": { status: 200, body: [PROCESS] },
};

function signedIn(context: ReturnType<typeof testContext>, verified = true, role = "resident"): void {
  context.session.store.update(() => ({
    known: true,
    user: { ...USER, email_verified: verified, role } as never,
  }));
}

/** The text with French number and punctuation spaces (narrow, no-break) as plain spaces. */
function plain(text: string | null | undefined): string {
  return (text ?? "").replace(/[\u202f\u00a0]/g, " ");
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement("main");
  document.body.replaceChildren(root);
  document.documentElement.lang = "fr";
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the petitions list", () => {
  it("lists the petitions with their status in words and the threshold in text, filtered from the URL", async () => {
    const sent = fakeServer({
      ...BASE,
      "GET petitions/": {
        status: 200,
        body: page([
          summary(1),
          summary(2, { status: "answered", signature_count: 1500, signed_by_me: true }),
        ]),
      },
      "GET petitions/map/": {
        status: 200,
        body: {
          type: "FeatureCollection",
          count: 1,
          features: [
            {
              type: "Feature",
              id: 1,
              geometry: { type: "Point", coordinates: [2.35, 48.84] },
              properties: { title: "Pétition 1", status: "open", signature_count: 250 },
            },
          ],
        },
      },
    });
    const context = testContext("statut=ouverte&tri=signatures");
    listPage.mount(root, context);
    await settle();
    const asked = sent.find((s) => s.path === "petitions/");
    expect(asked?.query.get("status")).toBe("open");
    expect(asked?.query.get("order")).toBe("-signature_count");
    expect(root.querySelector("#petitions-count")?.textContent).toBe("2 pétitions.");
    const items = root.querySelectorAll("#petition-list li");
    expect(items).toHaveLength(2);
    expect(items[0]?.querySelector(".petition-status")?.textContent).toBe("Ouverte");
    expect(plain(items[0]?.textContent)).toContain("250 signature(s) sur 1 000 nécessaires (25 %)");
    expect(plain(items[0]?.textContent)).toContain("Mairie : 5e arrondissement");
    expect(plain(items[1]?.textContent)).toContain(
      "Seuil atteint : 1 500 signatures pour 1 000 nécessaires.",
    );
    expect(plain(items[1]?.textContent)).toContain("Vous l'avez signée");
    expect(root.querySelector('[data-petition="1"].petition-marker')?.getAttribute("aria-label")).toBe(
      "Pétition 1 — Ouverte",
    );

    // A filter changes the address and asks again.
    const authority = root.querySelector<HTMLSelectElement>('select[name="autorite"]');
    if (!authority) throw new Error("no authority filter");
    authority.value = "city";
    authority.dispatchEvent(new Event("change"));
    await settle();
    expect(context.replaced.at(-1)).toBe("statut=ouverte&autorite=ville&tri=signatures");
    expect(
      sent
        .filter((s) => s.path === "petitions/")
        .at(-1)
        ?.query.get("authority"),
    ).toBe("city");
  });
});

describe("a petition's card in English", () => {
  it("names the authority and the status in English, the area by its English ordinal", () => {
    const t = localTranslator(petitionMessages, "en");
    const card = petitionCard(
      summary(1, { status: "awaiting_answer", answer_due_at: "2026-06-20T12:00:00+02:00" }),
      {
        t,
        lang: "en",
        themes: [],
        href: "/petitions/1",
      },
    );
    expect(card.querySelector(".petition-status")?.textContent).toBe("Awaiting an answer");
    expect(card.textContent).toContain("Town hall: 5th arrondissement");
    expect(card.textContent).toContain("Environnement"); // no theme list: the API's name
    expect(card.querySelector(".petition-item-dates")?.textContent).toBe("Answer due by 20 June 2026");
  });
});

describe("a petition's page", () => {
  it("shows the status, the threshold, the answer and the counts by arrondissement in a table", async () => {
    fakeServer({
      ...BASE,
      "GET petitions/1/": {
        status: 200,
        body: detail(1, {
          status: "answered",
          signature_count: 250,
          // Its author has since deleted their account.
          author_name: null,
          author: { display_name: "", former_participant: true },
          answer: {
            text: "Le Conseil plantera 40 arbres.",
            answered_at: "2026-06-01T10:00:00+02:00",
            by_name: "Mairie du 5e",
          },
        }),
      },
      "GET petitions/1/signatures/": {
        status: 200,
        body: {
          count: 1,
          next: null,
          previous: null,
          total_counted: 250,
          results: [
            {
              name: "Léa",
              area: { code: "paris-05", name: "5e arrondissement" },
              signed_at: "2026-04-01T10:00:00+02:00",
            },
          ],
        },
      },
    });
    const context = testContext();
    context.params = { id: "1" };
    petitionPage.mount(root, context);
    await settle();
    expect(root.querySelector("h1")?.textContent).toBe("Pétition 1");
    expect(root.querySelector("#petition-status")?.textContent).toBe("Répondue");
    expect(plain(root.querySelector("#petition-threshold")?.textContent)).toBe(
      "250 signature(s) sur 1 000 nécessaires (25 %)",
    );
    expect(root.querySelector("#petition-answer")?.textContent).toContain("Le Conseil plantera 40 arbres.");
    expect(root.querySelector("#petition-answer")?.textContent).toContain("par Mairie du 5e");
    const rows = [...root.querySelectorAll("#petition-counts-table tbody tr")].map((r) => r.textContent);
    expect(rows).toEqual(["Paris Centre50", "5e arrondissement200"]); // the city's order, no empty rows
    expect(root.querySelector("#petition-counts-table tfoot")?.textContent).toBe("Total250");
    expect(root.querySelector("#petition-signers")?.textContent).toBe("Léa");
    expect(root.querySelector(".petition-facts")?.textContent).toContain(
      "Déposée parune ancienne participante ou un ancien participant",
    );
    expect(root.querySelector("#petition-sign-form")).toBeNull(); // answered: no more signing
    expect(root.querySelector("#petition-sign")?.textContent).toBe("La période de signature est terminée.");
  });

  it("says an inadmissible petition's public reason", async () => {
    fakeServer({
      ...BASE,
      "GET petitions/2/": {
        status: 200,
        body: detail(2, {
          status: "inadmissible",
          moderation: {
            decision: "inadmissible",
            reason_code: "outside_competence",
            reason_text: "Relève de l'État.",
          },
          can: { sign: false, withdraw: false, moderate: false, answer: false, convert: false, edit: false },
        }),
      },
    });
    const context = testContext();
    context.params = { id: "2" };
    petitionPage.mount(root, context);
    await settle();
    expect(root.querySelector("#petition-moderation")?.textContent).toBe(
      "Déclarée irrecevableHors des compétences de la VilleRelève de l'État.",
    );
    expect(root.querySelector("#petition-threshold")).toBeNull();
  });

  it("checks the declaration before sending, then signs and says a held signature is not counted yet", async () => {
    let signed = false;
    const sent = fakeServer({
      ...BASE,
      "GET petitions/1/": () => ({
        status: 200,
        body: detail(
          1,
          signed ? { signed_by_me: true, can: { ...detail(1).can, sign: false, withdraw: true } } : {},
        ),
      }),
      "GET petitions/1/signatures/": {
        status: 200,
        body: { count: 0, next: null, previous: null, total_counted: 250, results: [] },
      },
      "POST petitions/1/signature/": () => {
        signed = true;
        return { status: 201, body: { counted: false, held_reason: "new_account" } };
      },
    });
    const context = testContext();
    signedIn(context);
    context.params = { id: "1" };
    petitionPage.mount(root, context);
    await settle();
    const form = root.querySelector<HTMLFormElement>("#petition-sign-form");
    if (!form) throw new Error("no sign form");
    expect(form.textContent).toContain("Âge minimum : 16 ans.");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(errorOf(form, "resident")).toBe(
      "Cochez cette case : seules les personnes qui habitent Paris peuvent signer.",
    );
    expect(errorOf(form, "birth_date")).toBe("Indiquez votre date de naissance.");
    expect(errorOf(form, "area_code")).toBe("Choisissez votre arrondissement.");
    expect(sent.some((s) => s.method === "POST")).toBe(false);

    (form.querySelector('[name="resident"]') as HTMLInputElement).checked = true;
    (form.querySelector('[name="birth_date"]') as HTMLInputElement).value = "1990-04-02";
    (form.querySelector('[name="area_code"]') as HTMLSelectElement).value = "paris-05";
    (form.querySelector('[name="show_name"]') as HTMLInputElement).checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.find((s) => s.method === "POST")?.body).toEqual({
      show_name: true,
      resident: true,
      birth_date: "1990-04-02",
      area_code: "paris-05",
    });
    const said =
      "Votre signature est enregistrée ; elle sera comptée après une vérification par les agents (compte créé il y a moins d'un jour).";
    expect(context.announced).toContain(said);
    expect(root.querySelector("#petition-signed")?.textContent).toBe(said);
    expect(root.querySelector("#petition-withdraw")?.textContent).toBe("Retirer ma signature");
  });

  it("says the API's refusal in the page's words", async () => {
    fakeServer({
      ...BASE,
      "GET petitions/1/": { status: 200, body: detail(1) },
      "GET petitions/1/signatures/": {
        status: 200,
        body: { count: 0, next: null, previous: null, total_counted: 0, results: [] },
      },
      "POST petitions/1/signature/": apiError(409, "already_signed", "Already signed."),
    });
    const context = testContext();
    signedIn(context);
    context.params = { id: "1" };
    petitionPage.mount(root, context);
    await settle();
    const form = root.querySelector<HTMLFormElement>("#petition-sign-form");
    if (!form) throw new Error("no sign form");
    (form.querySelector('[name="resident"]') as HTMLInputElement).checked = true;
    (form.querySelector('[name="birth_date"]') as HTMLInputElement).value = "1990-04-02";
    (form.querySelector('[name="area_code"]') as HTMLSelectElement).value = "paris-05";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    const summaryText = form.querySelector(".form-errors")?.textContent ?? "";
    expect(summaryText).not.toBe("");
    expect(summaryText).not.toContain("Already signed.");
  });

  it("asks a signed-out reader to sign in, and an unverified one to confirm their email", async () => {
    fakeServer({
      ...BASE,
      "GET petitions/1/": { status: 200, body: detail(1) },
      "GET petitions/1/signatures/": {
        status: 200,
        body: { count: 0, next: null, previous: null, total_counted: 0, results: [] },
      },
    });
    const out = testContext();
    out.params = { id: "1" };
    petitionPage.mount(root, out);
    await settle();
    expect(root.querySelector("#petition-sign")?.textContent).toContain("Connectez-vous pour signer");
    root.replaceChildren();
    const unverified = testContext();
    signedIn(unverified, false);
    unverified.params = { id: "1" };
    petitionPage.mount(root, unverified);
    await settle();
    expect(root.querySelector("#petition-sign")?.textContent).toContain(
      "Confirmez d'abord votre adresse e-mail",
    );
  });
});

describe("filing a petition", () => {
  it("sends the petition with its authority and opens its page; the API's field errors go under their field", async () => {
    let attempt = 0;
    const sent = fakeServer({
      ...BASE,
      "POST petitions/": () => {
        attempt += 1;
        return attempt === 1
          ? apiError(
              400,
              "invalid",
              "Invalid.",
              { area_code: ["Unknown area."] },
              { area_code: [{ code: "does_not_exist", params: {} }] },
            )
          : { status: 201, body: detail(12, { status: "pending" }) };
      },
    });
    const context = testContext();
    signedIn(context);
    filePage.mount(root, context);
    await settle();
    expect(plain(root.querySelector("#petition-process")?.textContent)).toBe(
      "Pétitions de Paris : seuil de 5 000 signatures pour le Conseil de Paris, 1 000 pour une mairie d'arrondissement ; 180 jours pour signer.",
    );
    const form = root.querySelector<HTMLFormElement>("#petition-file-form");
    if (!form) throw new Error("no form");
    (form.querySelector('[name="title"]') as HTMLInputElement).value = "Des arbres rue Mouffetard";
    (form.querySelector('[name="text"]') as HTMLTextAreaElement).value = "Plantons des arbres.";
    (form.querySelector('[name="authority"]') as HTMLSelectElement).value = "paris-05";
    (form.querySelector('[name="theme"]') as HTMLSelectElement).value = "environnement";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(errorOf(form, "authority")).toBe("L'élément choisi n'existe pas.");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.filter((s) => s.method === "POST").at(-1)?.body).toEqual({
      process: "petitions-paris",
      title: "Des arbres rue Mouffetard",
      text: "Plantons des arbres.",
      authority_kind: "area",
      area_code: "paris-05",
      theme: "environnement",
    });
    expect(context.navigated).toEqual(["/petitions/12"]);
  });

  it("places it at an address chosen from the search's suggestions, and removes the place", async () => {
    const sent = fakeServer({
      ...BASE,
      "GET geocode/": { status: 200, body: geocode },
      "POST petitions/": { status: 201, body: detail(13, { status: "pending" }) },
    });
    const context = testContext();
    signedIn(context);
    filePage.mount(root, context);
    await settle();
    const form = root.querySelector<HTMLFormElement>("#petition-file-form");
    const input = root.querySelector<HTMLInputElement>("#address-query");
    const search = root.querySelector<HTMLFormElement>("form.address-search");
    const line = root.querySelector<HTMLElement>("#petition-place-line");
    const clear = root.querySelector<HTMLButtonElement>("#petition-place-clear");
    if (!form || !input || !search || !line || !clear) throw new Error("no form or no address search");
    // The address search is a form of its own, not inside the petition's; its label is the place's.
    expect(form.contains(search)).toBe(false);
    expect(root.querySelector('label[for="address-query"]')?.textContent).toBe("Adresse du lieu");
    expect(root.querySelector("#petition-file-submit")?.getAttribute("form")).toBe("petition-file-form");
    expect(line.textContent).toBe("Aucun lieu choisi.");
    expect(clear.hidden).toBe(true);
    input.value = "12 rue mouffetard";
    input.focus();
    search.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.find((s) => s.path === "geocode/")?.query.get("q")).toBe("12 rue mouffetard");
    // The keyboard's way: down to the first suggestion, Enter to choose it.
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(line.textContent).toBe("Lieu choisi : 12 Rue Mouffetard 75005 Paris.");
    expect(clear.hidden).toBe(false);
    (form.querySelector('[name="title"]') as HTMLInputElement).value = "Des arbres";
    (form.querySelector('[name="text"]') as HTMLTextAreaElement).value = "Plantons.";
    (form.querySelector('[name="theme"]') as HTMLSelectElement).value = "environnement";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.filter((s) => s.method === "POST").at(-1)?.body).toMatchObject({
      location: { type: "Point", coordinates: [2.3497, 48.8441] },
      address: "12 Rue Mouffetard 75005 Paris",
    });
    // Removing the place empties the search and sends no place.
    clear.click();
    expect(line.textContent).toBe("Aucun lieu choisi.");
    expect(document.activeElement).toBe(line);
    expect(clear.hidden).toBe(true);
    expect(input.value).toBe("");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    const last = sent.filter((s) => s.method === "POST").at(-1)?.body as Record<string, unknown>;
    expect(last).not.toHaveProperty("location");
    expect(last).not.toHaveProperty("address");
  });

  it("says when filing is closed", async () => {
    fakeServer({
      ...BASE,
      "GET petitions/processes/": { status: 200, body: [{ ...PROCESS, filing_open: false }] },
    });
    const context = testContext("", "en");
    signedIn(context);
    filePage.mount(root, context);
    await settle();
    expect(root.textContent).toContain("Filing petitions is closed at the moment.");
    expect(root.querySelector("form")).toBeNull();
  });
});

describe("my petitions and signatures", () => {
  it("asks for the filed ones and the signed ones", async () => {
    const sent = fakeServer({
      ...BASE,
      "GET petitions/": { status: 200, body: page([summary(3, { status: "pending" })]) },
      "GET petitions/my-signatures/": {
        status: 200,
        body: {
          count: 1,
          next: null,
          previous: null,
          results: [
            {
              id: 51,
              petition: 4,
              petition_title: "Pétition 4",
              petition_status: "open",
              status: "held",
              held_reason: "unverified_declaration",
              show_name: false,
              area: { code: "paris-05", name: "5e arrondissement" },
              created_at: "2026-05-10T12:00:00+02:00",
            },
          ],
        },
      },
    });
    const context = testContext();
    signedIn(context);
    minePage.mount(root, context);
    await settle();
    expect(sent.filter((s) => s.path === "petitions/").map((s) => s.query.toString())).toEqual([
      "mine=true&order=-created_at&page=1",
    ]);
    expect(root.querySelector("#petitions-filed .petition-status")?.textContent).toBe("En modération");
    const signed = root.querySelector('#petitions-signed li[data-petition="4"]');
    expect(signed?.querySelector(".petition-status")?.textContent).toBe("Ouverte");
    expect(signed?.querySelector(".petition-item-dates")?.textContent).toBe(
      "Signature en attente de vérification (déclaration pas encore vérifiée) · nom non affiché",
    );
  });
});

describe("the officials' queue", () => {
  const t = localTranslator(petitionQueueMessages, "fr");

  it("says the deadline in words and checks the moderation form", () => {
    expect(dueWords(t, -3)).toBe("en retard de 3 jours");
    expect(dueWords(t, -1)).toBe("en retard d'1 jour");
    expect(dueWords(t, 0)).toBe("à rendre aujourd'hui");
    expect(dueWords(t, 12)).toBe("dans 12 jours");
    expect(moderationBody({ decision: "", reason_code: "", reason_text: "" }, t)).toEqual({
      errors: { decision: ["Choisissez recevable ou irrecevable."] },
    });
    expect(moderationBody({ decision: "inadmissible", reason_code: "", reason_text: "x" }, t)).toEqual({
      errors: { reason_code: ["Un motif est obligatoire pour une pétition irrecevable."] },
    });
    expect(
      moderationBody({ decision: "inadmissible", reason_code: "unlawful", reason_text: " Non. " }, t),
    ).toEqual({
      body: { decision: "inadmissible", reason_code: "unlawful", reason_text: "Non." },
    });
    expect(moderationBody({ decision: "admissible", reason_code: "unlawful", reason_text: "" }, t)).toEqual({
      body: { decision: "admissible", reason_text: "" },
    });
  });

  it("shows the overdue answer first, the held signatures and the alerts, and records decisions", async () => {
    queueDeps.now = () => new Date("2026-05-10T12:00:00+02:00");
    const sent = fakeServer({
      ...BASE,
      "GET petitions/queue/": { status: 200, body: QUEUE },
      "POST petitions/3/moderation/": { status: 200, body: detail(3) },
      "POST petitions/signatures/31/check/": { status: 200, body: { id: 31, status: "counted" } },
      "POST petitions/5/answer/": { status: 200, body: detail(5, { status: "answered" }) },
      "POST petitions/alerts/8/handle/": { status: 200, body: QUEUE.alerts[0] },
    });
    const context = testContext();
    signedIn(context, true, "official");
    queuePage.mount(root, context);
    await settle();
    expect(root.querySelector("#queue-status")?.textContent).toBe(
      "1 à modérer · 2 à répondre · 1 signature(s) à vérifier · 1 alerte(s)",
    );
    const answers = [...root.querySelectorAll("#queue-answer li")];
    expect(answers.map((li) => li.getAttribute("data-petition"))).toEqual(["5", "4"]);
    expect(answers[0]?.querySelector(".petition-due")?.textContent).toBe(
      "Réponse attendue avant le 1 mai 2026 — en retard de 9 jours",
    );
    expect(answers[0]?.querySelector(".petition-overdue")).not.toBeNull();
    expect(answers[1]?.querySelector(".petition-overdue")).toBeNull();
    expect(root.querySelector("#queue-alerts")?.textContent).toContain(
      "40 signatures depuis un même réseau entre le 10 mai 2026",
    );

    // Inadmissible needs a reason code; with one it is sent.
    const form = root.querySelector<HTMLFormElement>('#queue-moderate form[data-petition="3"]');
    if (!form) throw new Error("no moderation form");
    (form.querySelector('input[value="inadmissible"]') as HTMLInputElement).checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(errorOf(form, "reason_code")).toBe("Un motif est obligatoire pour une pétition irrecevable.");
    (form.querySelector('[name="reason_code"]') as HTMLSelectElement).value = "duplicate";
    (form.querySelector('[name="reason_text"]') as HTMLTextAreaElement).value = "Voir la pétition n° 4.";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.find((s) => s.path === "petitions/3/moderation/")?.body).toEqual({
      decision: "inadmissible",
      reason_code: "duplicate",
      reason_text: "Voir la pétition n° 4.",
    });
    expect(context.announced).toContain("Décision enregistrée pour « Pétition 3 ».");

    root.querySelector<HTMLButtonElement>('[data-signature="31"] [data-check="count"]')?.click();
    await settle();
    expect(sent.find((s) => s.path === "petitions/signatures/31/check/")?.body).toEqual({
      decision: "count",
    });
    expect(context.announced).toContain("Signature n° 31 comptée.");

    const answerForm = root.querySelector<HTMLFormElement>('#queue-answer form[data-petition="5"]');
    if (!answerForm) throw new Error("no answer form");
    (answerForm.querySelector('[name="text"]') as HTMLTextAreaElement).value = "Le Conseil accepte.";
    answerForm.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent.find((s) => s.path === "petitions/5/answer/")?.body).toEqual({ text: "Le Conseil accepte." });

    root.querySelector<HTMLButtonElement>('[data-alert="8"] button')?.click();
    await settle();
    expect(sent.some((s) => s.method === "POST" && s.path === "petitions/alerts/8/handle/")).toBe(true);
    expect(context.announced).toContain("Alerte sur « Pétition 4 » marquée comme traitée.");
  });
});
