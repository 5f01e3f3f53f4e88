// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  apiError,
  errorOf,
  fakeServer,
  fill,
  settle,
  submit,
  testContext,
  USER,
} from "../signIn/testContext";
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
        "email_taken",
        "An account with this email address already exists.",
        {
          email: ["An account with this email address already exists."],
        },
      ),
    });
    const { root } = mount();
    fill(root, "email", "lea@example.org");
    fill(root, "password", "un mot de passe solide");
    submit(root);
    await settle();
    expect(errorOf(root, "email")).toMatch(/^Un compte existe déjà/);
  });

  it("signs in, says the verification email was sent, and can send it again", async () => {
    const sent = fakeServer({
      "POST auth/register/": { status: 201, body: USER },
      "POST auth/verify-email/resend/": { status: 202 },
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
    expect(context.session.user()?.email).toBe("lea@example.org");
    expect(root.querySelector("h1")?.textContent).toBe("Votre compte est créé");
    expect(root.querySelector("#registered")?.textContent).toContain(
      "Un e-mail de vérification a été envoyé à lea@example.org",
    );
    expect(root.querySelector<HTMLAnchorElement>(".account-actions a")?.getAttribute("href")).toBe(
      "/proposer",
    );
    const resend = root.querySelector<HTMLButtonElement>("#resend-verification");
    resend?.click();
    await settle();
    expect(sent.at(-1)?.path).toBe("auth/verify-email/resend/");
    expect(root.querySelector(".resend-status")?.textContent).toBe(
      "Un nouvel e-mail de vérification vous a été envoyé.",
    );
    expect(resend?.disabled).toBe(true);
  });
});
