// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, errorOf, fakeServer, fill, settle, submit, testContext } from "../signIn/testContext";
import page from "./index";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

function mount(query = "") {
  const root = document.createElement("main");
  document.body.append(root);
  const context = testContext(query);
  page.mount(root, context);
  return { root, context };
}

describe("the registration page", () => {
  it("checks the password's length before asking the server", async () => {
    const sent = fakeServer({});
    const { root } = mount();
    fill(root, "email", "lea@example.org");
    fill(root, "password", "court");
    submit(root);
    await settle();
    expect(errorOf(root, "password")).toBe("Le mot de passe doit compter au moins 8 caractères.");
    expect(errorOf(root, "email")).toBe("");
    expect(sent).toEqual([]);
  });

  it("puts the server's field errors next to their fields", async () => {
    fakeServer({
      "POST auth/register/": apiError(
        400,
        "weak_password",
        "The password is too weak.",
        { password: ["The password is too similar to the email address."] },
        { password: [{ code: "password_too_similar", params: {} }] },
      ),
    });
    const { root } = mount();
    fill(root, "email", "lea.martin@example.org");
    fill(root, "password", "lea.martin");
    submit(root);
    await settle();
    // Said from its code in the page's language (the server's sentence is English).
    expect(errorOf(root, "password")).toBe(
      "Le mot de passe ressemble trop à votre nom ou à votre adresse e-mail.",
    );
    expect(errorOf(root, "email")).toBe("");
  });

  it("says a mail was sent, whether the address had an account or not, and leads to signing in", async () => {
    const sent = fakeServer({
      "POST auth/register/": { status: 202, body: { email: "lea@example.org", detail: "Check your mail." } },
    });
    const { root, context } = mount("next=/proposer");
    fill(root, "display_name", " Léa ");
    fill(root, "email", "lea@example.org");
    fill(root, "password", "un mot de passe solide");
    submit(root);
    await settle();
    expect(sent[0]?.body).toEqual({
      email: "lea@example.org",
      password: "un mot de passe solide",
      display_name: "Léa",
    });
    expect(context.session.user()).toBeNull(); // registering does not sign in
    expect(sent).toHaveLength(1);
    expect(root.querySelector("h1")?.textContent).toBe("Consultez vos e-mails");
    const said = root.querySelector("#registered")?.textContent ?? "";
    expect(said).toContain("Un e-mail a été envoyé à lea@example.org");
    expect(said).toContain("Si cette adresse a déjà un compte"); // true in both cases
    expect(said).not.toMatch(/connecté·e|compte est créé/);
    expect(root.querySelector<HTMLAnchorElement>(".account-actions a")?.getAttribute("href")).toBe(
      "/connexion?next=%2Fproposer",
    );
    expect(root.querySelector("#resend-verification")).toBeNull();
  });
});
