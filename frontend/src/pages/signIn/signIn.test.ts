// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import page from "./index";
import { apiError, errorOf, fakeServer, fill, settle, submit, testContext, USER } from "./testContext";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

function mount(query = "", lang: "fr" | "en" = "fr") {
  const root = document.createElement("main");
  document.body.append(root);
  const context = testContext(query, lang);
  page.mount(root, context);
  return { root, context };
}

describe("the sign-in page", () => {
  it("has the labels and the button the shared end-to-end helper relies on, in both languages", () => {
    const fr = mount();
    const labels = [...fr.root.querySelectorAll("label")].map((l) => l.textContent);
    expect(labels).toEqual(["Adresse e-mail", "Mot de passe"]);
    expect(fr.root.querySelector("button[type=submit]")?.textContent).toBe("Se connecter");
    const en = mount("", "en");
    expect([...en.root.querySelectorAll("label")].map((l) => l.textContent)).toEqual([
      "Email address",
      "Password",
    ]);
    expect(en.root.querySelector("button[type=submit]")?.textContent).toBe("Sign in");
  });

  it("says what is missing next to each field, without asking the server", async () => {
    const sent = fakeServer({});
    const { root } = mount();
    submit(root);
    await settle();
    expect(errorOf(root, "email")).toBe("Saisissez votre adresse e-mail.");
    expect(errorOf(root, "password")).toBe("Saisissez votre mot de passe.");
    expect(document.activeElement?.getAttribute("name")).toBe("email");
    expect(sent).toEqual([]);
  });

  it("says wrong credentials next to the password", async () => {
    fakeServer({
      "POST auth/login/": apiError(400, "invalid_credentials", "Wrong email address or password.", {
        password: ["Wrong email address or password."],
      }),
    });
    const { root, context } = mount("next=/compte");
    fill(root, "email", "lea@example.org");
    fill(root, "password", "faux");
    submit(root);
    await settle();
    expect(errorOf(root, "password")).toBe("Adresse e-mail ou mot de passe incorrect.");
    expect(context.navigated).toEqual([]);
    expect(root.querySelector<HTMLButtonElement>("button[type=submit]")?.disabled).toBe(false);
  });

  it("says throttling in words, in the summary", async () => {
    fakeServer({
      "POST auth/login/": apiError(
        429,
        "throttled",
        "Request was throttled. Expected available in 3000 seconds.",
      ),
    });
    const { root } = mount();
    fill(root, "email", "lea@example.org");
    fill(root, "password", "un mot de passe");
    submit(root);
    await settle();
    const summary = root.querySelector<HTMLElement>(".form-errors");
    expect(summary?.hidden).toBe(false);
    expect(summary?.textContent).toBe(
      "Trop de tentatives : pour votre sécurité, réessayez dans 50 minute(s) environ.",
    );
  });

  it("signs in and goes to the page that asked", async () => {
    const sent = fakeServer({ "POST auth/login/": { status: 200, body: USER } });
    const { root, context } = mount("next=%2Fvoter%2Fbp-2026");
    fill(root, "email", " lea@example.org ");
    fill(root, "password", "un mot de passe");
    submit(root);
    await settle();
    expect(sent[0]?.body).toEqual({ email: "lea@example.org", password: "un mot de passe" });
    expect(context.session.user()?.id).toBe(USER.id);
    expect(context.navigated).toEqual(["/voter/bp-2026"]);
    expect(context.announced).toEqual(["Vous êtes connecté·e."]);
  });

  it("never follows a next that leaves the site", async () => {
    fakeServer({ "POST auth/login/": { status: 200, body: USER } });
    const { root, context } = mount("next=//evil.example.com/");
    fill(root, "email", "lea@example.org");
    fill(root, "password", "un mot de passe");
    submit(root);
    await settle();
    expect(context.navigated).toEqual(["/"]);
    // The link to the registration page keeps a safe next only.
    expect(root.querySelector<HTMLAnchorElement>(".account-switch a")?.getAttribute("href")).toBe(
      "/inscription",
    );
  });
});
