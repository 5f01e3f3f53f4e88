// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeServer, settle } from "../pages/signIn/testContext";
import { countComments, minutesLeftToEdit, refusalKey, replaceComment, shownText } from "./model";
import { supportButton } from "./supportButton";
import { commentThread } from "./thread";

const NOW = new Date("2026-03-02T10:05:00+01:00");

function comment(id: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    proposal: 12,
    project: null,
    parent: null,
    author: { id: 3, display_name: "Léa" },
    text: `Commentaire ${id}`,
    official: false,
    created_at: "2026-03-02T10:00:00+01:00",
    edited_at: null,
    editable_until: "2026-03-02T10:15:00+01:00",
    deleted: false,
    is_hidden: false,
    hidden_reason: "",
    can: { reply: true, edit: false, delete: false, report: true, hide: false, restore: false },
    replies: [] as unknown[],
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("model", () => {
  it("counts the minutes left to edit, rounded up, never below zero", () => {
    expect(minutesLeftToEdit("2026-03-02T10:15:00+01:00", NOW)).toBe(10);
    expect(minutesLeftToEdit("2026-03-02T10:05:30+01:00", NOW)).toBe(1);
    expect(minutesLeftToEdit("2026-03-02T10:04:59+01:00", NOW)).toBe(0);
  });

  it("counts comments and replies", () => {
    expect(countComments([{ replies: [1, 2] }, { replies: [] }])).toBe(4);
    expect(countComments([])).toBe(0);
  });

  it("replaces a comment or a reply by id", () => {
    const thread = [{ id: 1, text: "a", replies: [{ id: 2, text: "b" }] }];
    expect(replaceComment(thread, { id: 2, text: "B" })[0]?.replies).toEqual([{ id: 2, text: "B" }]);
    const top = replaceComment(thread, { id: 1, text: "A" })[0];
    expect(top?.text).toBe("A");
    expect(top?.replies).toEqual([{ id: 2, text: "b" }]);
  });

  it("says what a gone comment shows", () => {
    const base = { text: "", deleted: false, is_hidden: false, hidden_reason: "" };
    expect(shownText({ ...base, deleted: true })).toEqual({ kind: "deleted" });
    expect(shownText({ ...base, is_hidden: true, hidden_reason: "Spam" })).toEqual({
      kind: "hidden",
      reason: "Spam",
    });
    expect(shownText({ ...base, text: "mine", is_hidden: true })).toEqual({ kind: "text", text: "mine" });
  });

  it("names refusals by their code", () => {
    expect(refusalKey("reply_too_deep")).toBe("tooDeep");
    expect(refusalKey("email_not_verified")).toBe("emailNotVerified");
    expect(refusalKey("edit_window_closed")).toBe("editClosed");
    expect(refusalKey("invalid")).toBeNull();
  });
});

describe("the thread", () => {
  it("shows comments, replies and the official badge, and posts a comment", async () => {
    const official = comment(2, {
      parent: 1,
      official: true,
      author: { id: 9, display_name: "Mairie du 5e" },
    });
    const sent = fakeServer({
      "GET proposals/12/comments/": {
        status: 200,
        body: { count: 2, comments: [comment(1, { replies: [official] })], can: { comment: true } },
      },
      "POST proposals/12/comments/": { status: 201, body: comment(3, { text: "Merci" }) },
    });
    const announce = vi.fn();
    const el = commentThread({
      kind: "proposal",
      id: 12,
      lang: "fr",
      signedIn: true,
      signInHref: "/connexion",
      announce,
      now: () => NOW,
    });
    document.body.append(el);
    await settle();
    expect(el.querySelector("#comment-count")?.textContent).toBe("2 commentaire(s)");
    expect(el.querySelector("#comment-2 .badge-official")?.textContent).toBe("Réponse officielle");
    expect(el.querySelector(".comment-replies")?.getAttribute("aria-label")).toBe("Réponses à Léa");
    const area = el.querySelector<HTMLTextAreaElement>(".comment-composer textarea");
    const label = el.querySelector<HTMLLabelElement>(".comment-composer label");
    expect(label?.htmlFor).toBe(area?.id);
    if (!area) throw new Error("no composer");
    area.value = "  Merci  ";
    el.querySelector<HTMLFormElement>(".comment-composer form")?.requestSubmit();
    await settle();
    expect(sent.at(-1)).toMatchObject({ method: "POST", body: { text: "Merci" } });
    expect(announce).toHaveBeenCalledWith("Commentaire publié.");
    expect(document.activeElement?.id).toBe("comment-3");
    expect(el.querySelector("#comment-count")?.textContent).toBe("3 commentaire(s)");
  });

  it("brings the comment the address names into view once the thread has come", async () => {
    window.history.replaceState(null, "", "/propositions/12#comment-2");
    const official = comment(2, { official: true, text: "La mairie étudiera." });
    fakeServer({
      "GET proposals/12/comments/": {
        status: 200,
        body: { count: 2, comments: [comment(1, { replies: [official] })], can: { comment: true } },
      },
    });
    const scrolled = vi.fn();
    const prototype = window.HTMLElement.prototype;
    const original = Object.getOwnPropertyDescriptor(prototype, "scrollIntoView");
    Object.defineProperty(prototype, "scrollIntoView", {
      value: scrolled,
      configurable: true,
      writable: true,
    });
    const el = commentThread({
      kind: "proposal",
      id: 12,
      lang: "fr",
      signedIn: true,
      signInHref: "/connexion",
      announce: vi.fn(),
      now: () => NOW,
    });
    document.body.append(el);
    await settle();
    expect(document.activeElement?.id).toBe("comment-2");
    expect(scrolled).toHaveBeenCalledTimes(1);
    // The discussion itself (a notification's link): its heading.
    window.history.replaceState(null, "", "/propositions/12#comments");
    document.body.replaceChildren();
    const again = commentThread({
      kind: "proposal",
      id: 12,
      lang: "fr",
      signedIn: true,
      signInHref: "/connexion",
      announce: vi.fn(),
      now: () => NOW,
    });
    document.body.append(again);
    await settle();
    expect(document.activeElement?.id).toBe("comments-title");
    window.history.replaceState(null, "", "/");
    if (original) Object.defineProperty(prototype, "scrollIntoView", original);
    else Reflect.deleteProperty(prototype, "scrollIntoView");
  });

  it("replies to a comment, and says a refusal in words", async () => {
    const sent = fakeServer({
      "GET proposals/12/comments/": {
        status: 200,
        body: { count: 1, comments: [comment(1)], can: { comment: true } },
      },
      "POST proposals/12/comments/": apiError(409, "phase_closed", "Closed."),
    });
    const el = commentThread({
      kind: "proposal",
      id: 12,
      lang: "en",
      signedIn: true,
      signInHref: "/",
      announce: vi.fn(),
      now: () => NOW,
    });
    document.body.append(el);
    await settle();
    const reply = el.querySelector<HTMLButtonElement>("#comment-1-reply");
    expect(reply?.getAttribute("aria-expanded")).toBe("false");
    reply?.click();
    expect(reply?.getAttribute("aria-expanded")).toBe("true");
    const area = el.querySelector<HTMLTextAreaElement>("#comment-1-panel textarea");
    expect(document.activeElement).toBe(area);
    if (!area) throw new Error("no reply form");
    area.value = "Agreed";
    el.querySelector<HTMLFormElement>("#comment-1-panel form")?.requestSubmit();
    await settle();
    expect(sent.at(-1)).toMatchObject({ method: "POST", body: { text: "Agreed", parent: 1 } });
    const alert = el.querySelector<HTMLElement>("#comment-1-panel [role=alert]");
    expect(alert?.hidden).toBe(false);
    expect(alert?.textContent).toBe("Comments are closed at this stage of the campaign.");
    expect(area.getAttribute("aria-invalid")).toBe("true");
  });

  it("offers editing only while the window is open, and deletes", async () => {
    fakeServer({
      "GET proposals/12/comments/": {
        status: 200,
        body: {
          count: 1,
          comments: [
            comment(1, {
              can: { reply: true, edit: true, delete: true, report: false, hide: false, restore: false },
            }),
          ],
          can: { comment: true },
        },
      },
      "DELETE comments/1/": {
        status: 200,
        body: comment(1, {
          text: "",
          deleted: true,
          author: null,
          can: { reply: false, edit: false, delete: false, report: false, hide: false, restore: false },
        }),
      },
    });
    const announce = vi.fn();
    const el = commentThread({
      kind: "proposal",
      id: 12,
      lang: "fr",
      signedIn: true,
      signInHref: "/",
      announce,
      now: () => NOW,
    });
    document.body.append(el);
    await settle();
    expect(el.querySelector("#comment-1-edit")?.textContent).toBe("Modifier (encore 10 min)");
    el.querySelector<HTMLButtonElement>("#comment-1-delete")?.click();
    [...el.querySelectorAll<HTMLButtonElement>("#comment-1-panel button")]
      .find((b) => b.textContent === "Oui, supprimer")
      ?.click();
    await settle();
    expect(el.querySelector("#comment-1 .comment-gone")?.textContent).toBe(
      "Commentaire supprimé par son auteur.",
    );
    expect(announce).toHaveBeenCalledWith("Commentaire supprimé.");

    const late = commentThread({
      kind: "proposal",
      id: 12,
      lang: "fr",
      signedIn: true,
      signInHref: "/",
      announce,
      now: () => new Date("2026-03-02T10:20:00+01:00"),
    });
    document.body.append(late);
    await settle();
    expect(late.querySelector("[id$='-edit']")).toBeNull();
  });

  it("reports with a reason", async () => {
    const sent = fakeServer({
      "GET projects/4/comments/": {
        status: 200,
        body: { count: 1, comments: [comment(1, { proposal: null, project: 4 })], can: { comment: false } },
      },
      "POST comments/1/report/": {
        status: 201,
        body: {
          id: 1,
          proposal: null,
          comment: 1,
          reason: "spam",
          text: "",
          reporter: null,
          created_at: "2026-03-02T10:00:00+01:00",
          handled: false,
          handled_at: null,
          outcome: null,
        },
      },
    });
    const announce = vi.fn();
    const el = commentThread({
      kind: "project",
      id: 4,
      lang: "fr",
      signedIn: true,
      signInHref: "/",
      announce,
      now: () => NOW,
    });
    document.body.append(el);
    await settle();
    expect(el.querySelector(".comment-composer")?.textContent).toBe(
      "Les commentaires sont fermés à cette étape de la campagne.",
    );
    el.querySelector<HTMLButtonElement>("#comment-1-report")?.click();
    const form = el.querySelector<HTMLFormElement>("#comment-1-panel form");
    form?.requestSubmit();
    expect(el.querySelector("#comment-1-panel [role=alert]")?.textContent).toBe("Choisissez un motif");
    const select = el.querySelector<HTMLSelectElement>("#report-1-reason");
    if (!select) throw new Error("no reason");
    select.value = "spam";
    form?.requestSubmit();
    await settle();
    expect(sent.at(-1)).toMatchObject({
      method: "POST",
      path: "comments/1/report/",
      body: { reason: "spam" },
    });
    expect(el.querySelector("#comment-1-report")).toBeNull();
    expect(announce).toHaveBeenCalledWith("Merci, le commentaire a été signalé à la modération.");
  });

  it("asks someone signed out to sign in", async () => {
    fakeServer({
      "GET proposals/12/comments/": {
        status: 200,
        body: { count: 0, comments: [], can: { comment: false } },
      },
    });
    const el = commentThread({
      kind: "proposal",
      id: 12,
      lang: "en",
      signedIn: false,
      signInHref: "/connexion?next=x",
      announce: vi.fn(),
    });
    document.body.append(el);
    await settle();
    expect(el.querySelector(".page-status")?.textContent).toBe("No comments yet.");
    expect(el.querySelector<HTMLAnchorElement>(".comment-composer a")?.getAttribute("href")).toBe(
      "/connexion?next=x",
    );
  });
});

describe("the support button", () => {
  const proposal = {
    id: 12,
    title: "Un jardin",
    supports: 4,
    supported: false,
    can: { support: true, unsupport: false },
  };

  it("toggles with aria-pressed and says the count", async () => {
    const sent = fakeServer({
      "POST proposals/12/support/": { status: 201, body: { supports: 5, supported: true } },
    });
    const announce = vi.fn();
    const el = supportButton({ proposal, lang: "fr", signedIn: true, open: true, signInHref: "/", announce });
    document.body.append(el);
    const button = el.querySelector<HTMLButtonElement>("#support-button");
    expect(button?.getAttribute("aria-pressed")).toBe("false");
    expect(el.querySelector(".support-count")?.textContent).toBe("4 soutien(s)");
    button?.click();
    await settle();
    expect(sent.at(-1)?.method).toBe("POST");
    expect(button?.getAttribute("aria-pressed")).toBe("true");
    expect(el.querySelector(".support-count")?.textContent).toBe("5 soutien(s)");
    expect(announce).toHaveBeenCalledWith("Vous soutenez « Un jardin ».");
  });

  it("shows the count alone when supports are closed, a sign-in link when signed out", () => {
    const closed = supportButton({
      proposal: { ...proposal, can: { support: false, unsupport: false } },
      lang: "en",
      signedIn: true,
      open: false,
      signInHref: "/",
      announce: vi.fn(),
    });
    expect(closed.querySelector("button")).toBeNull();
    expect(closed.textContent).toBe("4 support(s)");
    const out = supportButton({
      proposal: { ...proposal, can: { support: false, unsupport: false } },
      lang: "en",
      signedIn: false,
      open: true,
      signInHref: "/connexion",
      announce: vi.fn(),
    });
    expect(out.querySelector("a")?.textContent).toBe("Sign in to support");
  });
});
