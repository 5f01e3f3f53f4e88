// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeServer, settle } from "../signIn/testContext";
import { commentQueueSection } from "./moderation.comments";

const ITEM = {
  id: 5,
  proposal: 12,
  project: null,
  parent: null,
  author: { id: 3, display_name: "Voisin" },
  text: "Achetez mes montres",
  official: false,
  created_at: "2026-03-02T10:00:00+01:00",
  edited_at: null,
  editable_until: "2026-03-02T10:15:00+01:00",
  deleted: false,
  is_hidden: false,
  hidden_reason: "",
  can: { reply: false, edit: false, delete: false, report: false, hide: true, restore: true },
  campaign: "bp-2026",
  report_count: 2,
  open_reports: 2,
  reasons: { spam: 2 },
  waiting_since: "2026-03-02T11:00:00+01:00",
  about: "Un jardin partagé",
};

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("the reported comments' queue", () => {
  it("lists each comment with its reports and hides one with a public reason", async () => {
    let hidden = false;
    const sent = fakeServer({
      "GET moderation/comments/": () => ({
        status: 200,
        body: { count: hidden ? 0 : 1, results: hidden ? [] : [ITEM] },
      }),
      "POST comments/5/hide/": (request) => {
        hidden = true;
        return {
          status: 200,
          body: {
            ...ITEM,
            is_hidden: true,
            hidden_reason: (request.body as { reason: string }).reason,
          },
        };
      },
    });
    const announce = vi.fn();
    const section = commentQueueSection({ lang: "fr", announce });
    document.body.append(section);
    await settle();
    expect(section.querySelector("h3")?.textContent).toBe("Sur « Un jardin partagé »");
    expect(section.textContent).toContain("2 signalement(s) en attente : spam (2)");
    expect(section.querySelector<HTMLAnchorElement>("a")?.getAttribute("href")).toBe(
      "/propositions/12#comment-5",
    );
    const reason = section.querySelector<HTMLTextAreaElement>("#comment-decision-5");
    expect(section.querySelector("label[for='comment-decision-5']")?.textContent).toBe(
      "Motif public de la décision",
    );
    if (!reason) throw new Error("no reason");
    reason.value = "Publicité";
    [...section.querySelectorAll("button")].find((b) => b.textContent === "Masquer")?.click();
    await settle();
    expect(sent.find((s) => s.method === "POST")?.body).toEqual({ reason: "Publicité" });
    expect(announce).toHaveBeenCalledWith("Le commentaire a été masqué.");
    expect(section.querySelector("[role=status]")?.textContent).toContain("Aucun commentaire à examiner.");
  });

  it("says a refusal in words", async () => {
    fakeServer({
      "GET moderation/comments/": { status: 200, body: { count: 1, results: [ITEM] } },
      "POST comments/5/hide/": apiError(400, "invalid", "Invalid.", {
        reason: ["A public reason is required."],
      }),
    });
    const section = commentQueueSection({ lang: "en", announce: vi.fn() });
    document.body.append(section);
    await settle();
    [...section.querySelectorAll("button")].find((b) => b.textContent === "Hide")?.click();
    await settle();
    const alert = section.querySelector<HTMLElement>("[role=alert]");
    expect(alert?.hidden).toBe(false);
    expect(alert?.textContent).not.toBe("");
  });
});
