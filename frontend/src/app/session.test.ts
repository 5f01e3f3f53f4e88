// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { apiError, fakeServer, USER } from "../pages/signIn/testContext";
import { createSession } from "./session";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("session", () => {
  it("asks auth/session/, which answers 200 with no user to anonymous visitors", async () => {
    const sent = fakeServer({ "GET auth/session/": { status: 200, body: { user: null } } });
    const session = createSession();
    expect(session.store.get()).toEqual({ known: false, user: null });
    expect(await session.refresh()).toBeNull();
    expect(session.store.get()).toEqual({ known: true, user: null });
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(["GET auth/session/"]);
  });

  it("knows who is signed in, and tells its listeners", async () => {
    fakeServer({ "GET auth/session/": { status: 200, body: { user: USER } } });
    const session = createSession();
    const heard = vi.fn();
    session.store.subscribe(heard);
    await session.refresh();
    expect(session.user()?.email).toBe("lea@example.org");
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it("signs in with the CSRF token, and out again", async () => {
    const sent = fakeServer({
      "POST auth/login/": { status: 200, body: USER },
      "POST auth/logout/": { status: 204 },
    });
    const session = createSession();
    await session.signIn("lea@example.org", "un mot de passe");
    expect(session.user()?.id).toBe(7);
    expect(sent[0]?.body).toEqual({ email: "lea@example.org", password: "un mot de passe" });
    await session.signOut();
    expect(session.store.get()).toEqual({ known: true, user: null });
  });

  it("registering does not sign in", async () => {
    const sent = fakeServer({
      "POST auth/register/": { status: 202, body: { email: "lea@example.org", detail: "Check your mail." } },
    });
    const session = createSession();
    await session.register("lea@example.org", "un mot de passe solide", "Léa");
    expect(session.user()).toBeNull();
    expect(sent[0]?.body).toEqual({
      email: "lea@example.org",
      password: "un mot de passe solide",
      display_name: "Léa",
    });
  });

  it("a refused sign-in leaves the session as it was and throws the API's error", async () => {
    fakeServer({
      "POST auth/login/": apiError(400, "invalid_credentials", "Wrong email address or password.", {
        password: ["Wrong email address or password."],
      }),
    });
    const session = createSession();
    const error: unknown = await session.signIn("lea@example.org", "faux").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("invalid_credentials");
    expect(session.user()).toBeNull();
  });

  it("a session that already ended is signed out", async () => {
    fakeServer({
      "GET auth/session/": { status: 200, body: { user: USER } },
      "POST auth/logout/": apiError(
        401,
        "not_authenticated",
        "Authentication credentials were not provided.",
      ),
    });
    const session = createSession();
    await session.refresh();
    await session.signOut();
    expect(session.user()).toBeNull();
  });

  it("a server failure is thrown, and the state is known (not signed in)", async () => {
    fakeServer({ "GET auth/session/": apiError(500, "server_error", "Boom.") });
    const session = createSession();
    await expect(session.refresh()).rejects.toBeInstanceOf(ApiError);
    expect(session.store.get()).toEqual({ known: true, user: null });
  });
});
