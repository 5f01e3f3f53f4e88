// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import { apiError, errorOf, fakeServer, fill, settle, testContext, USER } from "../signIn/testContext";
import confirmPage from "./confirmEmail";
import forgotPage from "./forgot";
import { dataFileName, dataFileText, linkOutcome, refusesTheLink } from "./outcome";
import resetPage from "./reset";
import { accountCare } from "./section";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

function mount(page: { mount: typeof forgotPage.mount }, query = "") {
  const root = document.createElement("main");
  document.body.append(root);
  const context = testContext(query);
  page.mount(root, context);
  return { root, context };
}

function submitForm(root: HTMLElement, selector: string): void {
  const form = root.querySelector(selector);
  if (!form) throw new Error(`no form ${selector}`);
  form.dispatchEvent(new Event("submit", { cancelable: true, bubbles: true }));
}

describe("what a link's answer means", () => {
  it("tells accepted, expired, used or tampered, taken and other failures apart", () => {
    expect(linkOutcome(null)).toBe("ok");
    expect(linkOutcome(new ApiError(400, "token_expired", "x", { token: ["x"] }))).toBe("expired");
    expect(linkOutcome(new ApiError(400, "invalid_token", "x", { token: ["x"] }))).toBe("invalid");
    expect(linkOutcome(new ApiError(400, "invalid", "x", { token: ["too long"] }))).toBe("invalid");
    expect(linkOutcome(new ApiError(409, "email_taken", "x"))).toBe("taken");
    expect(linkOutcome(new ApiError(0, "network_error", "x"))).toBe("failed");
    expect(linkOutcome(new ApiError(429, "throttled", "x"))).toBe("failed");
    // A weak password is the field's problem, not the link's.
    expect(refusesTheLink(new ApiError(400, "invalid", "x", { password: ["too common"] }))).toBe(false);
    expect(refusesTheLink(new ApiError(400, "invalid_token", "x", { token: ["x"] }))).toBe(true);
  });

  it("names the download after the day and keeps the answer as it came", () => {
    expect(dataFileName(new Date(2026, 11, 7, 23, 59))).toBe("belvedere-mes-donnees-2026-12-07.json");
    const payload = { account: { email: "lea@example.org" }, comments: [{ text: "é" }] };
    expect(JSON.parse(dataFileText(payload))).toEqual(payload);
    expect(dataFileText(payload).endsWith("\n")).toBe(true);
  });
});

describe("the forgotten password page", () => {
  it("says the same sentence whatever the address, and asks for a missing one", async () => {
    const sent = fakeServer({ "POST auth/password-reset/": { status: 202, body: { detail: "sent" } } });
    const { root, context } = mount(forgotPage);
    submitForm(root, "#forgot-form");
    expect(errorOf(root, "email")).toBe("Saisissez votre adresse e-mail.");
    expect(sent).toHaveLength(0);
    fill(root, "email", " lea@example.org ");
    submitForm(root, "#forgot-form");
    await settle();
    expect(sent[0]?.body).toEqual({ email: "lea@example.org" });
    expect(root.querySelector("#forgot-outcome")?.textContent).toMatch(
      /^Si un compte utilise l'adresse lea@example\.org, un lien vient de lui être envoyé/,
    );
    expect(context.announced).toHaveLength(1);
  });

  it("says throttling in words next to nothing else", async () => {
    fakeServer({
      "POST auth/password-reset/": apiError(
        429,
        "throttled",
        "Request was throttled. Expected available in 1200 seconds.",
      ),
    });
    const { root } = mount(forgotPage);
    fill(root, "email", "lea@example.org");
    submitForm(root, "#forgot-form");
    await settle();
    expect(root.querySelector(".form-errors")?.textContent).toMatch(/Trop de tentatives.*20 minute/);
    expect(root.querySelector("#forgot-outcome")?.textContent).toBe("");
  });
});

describe("the reset page", () => {
  it("checks the link, takes the new password, drops the token and offers to sign in", async () => {
    const sent = fakeServer({
      "GET auth/password-reset/confirm/": { status: 204 },
      "POST auth/password-reset/confirm/": { status: 204 },
    });
    const { root, context } = mount(resetPage, "token=abc%3A1");
    await settle();
    expect(context.replaced).toEqual([""]);
    expect(sent[0]?.query.get("token")).toBe("abc:1");
    fill(root, "password", "un-nouveau-mot-de-passe");
    submitForm(root, "#reset-form");
    await settle();
    expect(sent[1]?.body).toEqual({ token: "abc:1", password: "un-nouveau-mot-de-passe" });
    expect(root.querySelector("#reset-body")?.textContent).toMatch(/^Votre mot de passe est changé/);
    expect(root.querySelector<HTMLAnchorElement>("#reset-body a")?.getAttribute("href")).toBe("/connexion");
  });

  it("says a used or expired link in place of the form, with a way to a new one", async () => {
    fakeServer({
      "GET auth/password-reset/confirm/": apiError(400, "invalid_token", "Used.", { token: ["Used."] }),
    });
    const used = mount(resetPage, "token=used");
    await settle();
    expect(used.root.querySelector("#reset-form")).toBeNull();
    expect(used.root.querySelector("#reset-body")?.textContent).toMatch(/a déjà servi/);
    expect(used.root.querySelector<HTMLAnchorElement>("#reset-body a")?.getAttribute("href")).toBe(
      "/mot-de-passe-oublie",
    );
    document.body.replaceChildren();
    fakeServer({
      "GET auth/password-reset/confirm/": apiError(400, "token_expired", "Expired.", { token: ["Expired."] }),
    });
    const expired = mount(resetPage, "token=old");
    await settle();
    expect(expired.root.querySelector("#reset-body")?.textContent).toMatch(/a expiré/);
    document.body.replaceChildren();
    const none = mount(resetPage, "");
    expect(none.root.querySelector("#reset-body")?.textContent).toMatch(/ne contient pas de code/);
  });

  it("puts a weak password's refusal next to the field", async () => {
    fakeServer({
      "GET auth/password-reset/confirm/": { status: 204 },
      "POST auth/password-reset/confirm/": apiError(
        400,
        "weak_password",
        "The password is too weak.",
        { password: ["This password is too common."] },
        { password: [{ code: "password_too_common", params: {} }] },
      ),
    });
    const { root } = mount(resetPage, "token=t");
    await settle();
    fill(root, "password", "password");
    submitForm(root, "#reset-form");
    await settle();
    expect(errorOf(root, "password")).toBe("Ce mot de passe est trop courant.");
    expect(root.querySelector("#reset-form")).not.toBeNull();
  });
});

describe("the new address's link", () => {
  it("confirms and refreshes the session, or says why not", async () => {
    fakeServer({
      "POST auth/email-change/confirm/": { status: 200, body: { ...USER, email: "new@example.org" } },
      "GET auth/session/": { status: 200, body: { user: { ...USER, email: "new@example.org" } } },
    });
    const { root, context } = mount(confirmPage, "token=t");
    await settle();
    expect(root.querySelector("#confirm-outcome")?.textContent).toMatch(/l'adresse new@example\.org/);
    expect(context.session.user()?.email).toBe("new@example.org");
    document.body.replaceChildren();
    fakeServer({
      "POST auth/email-change/confirm/": apiError(409, "email_taken", "Taken.", { token: ["Taken."] }),
    });
    const taken = mount(confirmPage, "token=t");
    await settle();
    expect(taken.root.querySelector("#confirm-outcome")?.textContent).toMatch(/celle d'un autre compte/);
  });
});

describe("the account page's care", () => {
  function mountCare() {
    const root = document.createElement("main");
    document.body.append(root);
    const context = testContext();
    root.append(...accountCare(context));
    return { root, context };
  }

  it("changes the password and says other devices were signed out", async () => {
    const sent = fakeServer({ "POST me/password/": { status: 204 } });
    const { root } = mountCare();
    fill(root, "current_password", "old-secret-1");
    fill(root, "new_password", "new-secret-22");
    submitForm(root, "#password-form");
    await settle();
    expect(sent[0]?.body).toEqual({ current_password: "old-secret-1", new_password: "new-secret-22" });
    expect(root.querySelector("#password-form-done")?.textContent).toMatch(/autres appareils/);
    expect(root.querySelector<HTMLInputElement>('[name="current_password"]')?.value).toBe("");
  });

  it("puts a wrong current password next to its field", async () => {
    fakeServer({
      "POST me/password/": apiError(400, "wrong_password", "Not right.", {
        current_password: ["Not right."],
      }),
    });
    const { root } = mountCare();
    fill(root, "current_password", "guess-guess");
    fill(root, "new_password", "new-secret-22");
    submitForm(root, "#password-form");
    await settle();
    expect(errorOf(root, "current_password")).toBe("Le mot de passe actuel est incorrect.");
    expect(root.querySelector("#password-form-done")?.textContent).toBe("");
  });

  it("asks for the new address's confirmation", async () => {
    const sent = fakeServer({
      "POST me/email/": { status: 202, body: { new_email: "new@example.org", detail: "check" } },
    });
    const { root } = mountCare();
    const form = root.querySelector<HTMLElement>("#email-form") as HTMLElement;
    fill(form, "new_email", "New@Example.org");
    fill(form, "password", "my-secret-1");
    submitForm(root, "#email-form");
    await settle();
    expect(sent[0]?.body).toEqual({ new_email: "New@Example.org", password: "my-secret-1" });
    expect(root.querySelector("#email-form-done")?.textContent).toBe(
      "Un lien de confirmation a été envoyé à new@example.org. Ouvrez-le pour terminer le changement.",
    );
  });

  it("downloads the data as it came, under the day's name", async () => {
    const payload = { account: { email: "lea@example.org" }, participations: [], comments: [] };
    fakeServer({ "GET me/data/": { status: 200, body: payload } });
    const blobs: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return "blob:x";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { root } = mountCare();
    root.querySelector<HTMLButtonElement>("#data-download")?.click();
    await settle();
    expect(clicked).toEqual([dataFileName(new Date())]);
    expect(JSON.parse(await (blobs[0] as Blob).text())).toEqual(payload);
    expect(root.querySelector("#data-done")?.textContent).toMatch(/^Le fichier belvedere-mes-donnees-/);
  });

  it("deletes only when the box is ticked and the password given, then goes to the privacy page", async () => {
    const sent = fakeServer({
      "POST me/delete/": { status: 204 },
      "GET auth/session/": { status: 200, body: { user: null } },
    });
    const { root, context } = mountCare();
    const form = root.querySelector<HTMLElement>("#delete-form") as HTMLElement;
    submitForm(root, "#delete-form");
    expect(errorOf(form, "password")).toBe("Saisissez votre mot de passe.");
    fill(form, "password", "my-secret-1");
    submitForm(root, "#delete-form");
    await settle();
    expect(errorOf(form, "confirm")).toBe("Cochez la case pour confirmer.");
    expect(sent.filter((s) => s.path === "me/delete/")).toHaveLength(0);
    (form.querySelector('[name="confirm"]') as HTMLInputElement).checked = true;
    submitForm(root, "#delete-form");
    await settle();
    expect(sent.find((s) => s.path === "me/delete/")?.body).toEqual({
      password: "my-secret-1",
      confirm: true,
    });
    expect(context.navigated).toEqual(["/confidentialite?compte=supprime"]);
    expect(context.session.user()).toBeNull();
  });
});
