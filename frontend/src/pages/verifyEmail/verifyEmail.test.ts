// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client";
import { apiError, fakeServer, settle, testContext, USER } from "../signIn/testContext";
import page, { verifyOutcome } from "./index";
import { resendOutcome } from "./resend";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

function mount(query: string) {
  const root = document.createElement("main");
  document.body.append(root);
  const context = testContext(query);
  page.mount(root, context);
  return { root, context };
}

describe("the verification page", () => {
  it("posts the token, says the address is confirmed and drops the token from the address", async () => {
    const sent = fakeServer({
      "POST auth/verify-email/": { status: 200, body: { ...USER, email_verified: true } },
    });
    const { root, context } = mount("token=abc%3A123");
    await settle();
    expect(sent[0]?.body).toEqual({ token: "abc:123" });
    expect(root.querySelector("#verify-outcome")?.textContent).toBe(
      "Votre adresse e-mail lea@example.org est confirmée. Vous pouvez proposer des projets et voter.",
    );
    expect(context.replaced).toEqual([""]);
    // The title no longer asks to confirm.
    expect(root.querySelector("h1")?.textContent).toBe("Adresse e-mail confirmée");
  });

  it("offers a new link when the token expired (signed in, not verified)", async () => {
    fakeServer({
      "GET auth/session/": { status: 200, body: { user: USER } },
      "POST auth/verify-email/": apiError(400, "token_expired", "Expired.", { token: ["Expired."] }),
    });
    const root = document.createElement("main");
    document.body.append(root);
    const context = testContext("token=old");
    await context.session.refresh();
    page.mount(root, context);
    await settle();
    expect(root.querySelector("#verify-outcome")?.textContent).toMatch(/^Ce lien de vérification a expiré/);
    expect(root.querySelector("h1")?.textContent).toBe("Confirmer votre adresse e-mail");
    expect(root.querySelector("#resend-verification")).not.toBeNull();
  });

  it("offers a new link (registering again) or signing in when signed out, and says a missing token", async () => {
    fakeServer({ "POST auth/verify-email/": apiError(400, "invalid_token", "Not valid.") });
    const bad = mount("token=garbage");
    await settle();
    expect(bad.root.querySelector("#verify-outcome")?.textContent).toMatch(
      /^Ce lien de vérification n'est pas valide/,
    );
    const links = [...bad.root.querySelectorAll<HTMLAnchorElement>(".verify-after a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["/inscription", "/connexion?next=%2Fcompte"]);
    const none = mount("");
    expect(none.root.querySelector("#verify-outcome")?.textContent).toMatch(/ne contient pas de code/);
  });

  it("offers to retry when the server cannot be reached", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("offline")));
    document.cookie = "csrftoken=x";
    const { root } = mount("token=abc");
    await settle();
    expect(root.querySelector("#verify-outcome")?.textContent).toMatch(/^La vérification n'a pas pu aboutir/);
    expect(root.querySelector(".verify-after button")?.textContent).toBe("Réessayer");
  });
});

describe("outcomes", () => {
  it("of the token", () => {
    expect(verifyOutcome(null)).toBe("verified");
    expect(verifyOutcome(new ApiError(400, "token_expired", ""))).toBe("expired");
    expect(verifyOutcome(new ApiError(400, "invalid_token", ""))).toBe("invalid");
    expect(verifyOutcome(new ApiError(500, "server_error", ""))).toBe("failed");
  });

  it("of a resend", () => {
    expect(resendOutcome(null)).toBe("sent");
    expect(resendOutcome(new ApiError(409, "already_verified", ""))).toBe("already");
    expect(resendOutcome(new ApiError(429, "throttled", ""))).toBe("throttled");
    expect(resendOutcome(new ApiError(401, "not_authenticated", ""))).toBe("signIn");
    expect(resendOutcome(new Error("x"))).toBe("failed");
  });
});
