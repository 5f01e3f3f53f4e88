// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer, settle } from "../pages/signIn/testContext";
import { createBell, NOTIFICATIONS_CHANGED } from "./bell";
import { followButton } from "./followButton";
import { badgeText, linkFor, markRead, type Notification } from "./model";
import { preferencesSection } from "./preferences";
import { notificationMessages } from "./messages";
import { EventEnum } from "../api/generated/zod";

function notification(id: number, extra: Partial<Notification> = {}): Notification {
  return {
    id,
    event: "accepted",
    title: `Proposition ${id}`,
    reason: "",
    proposal: id,
    project: null,
    petition: null,
    campaign: 1,
    area: null,
    created_at: "2026-03-02T10:00:00+01:00",
    read_at: null,
    read: false,
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe("model", () => {
  it("shows nothing at zero, the number, then 99+", () => {
    expect(badgeText(0)).toBe("");
    expect(badgeText(3)).toBe("3");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(150)).toBe("99+");
  });

  it("leads to the proposal, the vote or the results", () => {
    expect(linkFor(notification(12))).toBe("/propositions/12");
    expect(linkFor(notification(1, { proposal: null, event: "vote_open" }))).toBe("/voter");
    expect(linkFor(notification(1, { proposal: null, project: 4, event: "results" }))).toBe("/resultats");
    expect(linkFor(notification(1, { proposal: null, project: 4, event: "milestone" }))).toBe(
      "/realisations/4",
    );
    expect(linkFor(notification(1, { proposal: null, project: 4, event: "delivery" }))).toBe(
      "/realisations/4",
    );
    // A new comment leads to the discussion on the page.
    expect(linkFor(notification(1, { proposal: null, project: 4, event: "comment" }))).toBe(
      "/projets/4#comments",
    );
    expect(linkFor(notification(12, { event: "comment" }))).toBe("/propositions/12#comments");
    expect(linkFor(notification(1, { proposal: null, project: null, event: "comment" }))).toBeNull();
  });

  it("leads to the petition, to its proposal once converted, and officials to the queue for a burst", () => {
    const petition = { proposal: null, project: null, petition: 6 };
    expect(linkFor(notification(1, { ...petition, event: "petition_answered" }))).toBe("/petitions/6");
    expect(linkFor(notification(1, { ...petition, proposal: 40, event: "petition_converted" }))).toBe(
      "/propositions/40",
    );
    expect(linkFor(notification(1, { ...petition, event: "petition_burst" }))).toBe("/gestion/petitions");
  });

  it("has words for every event of the schema, in both languages", () => {
    for (const event of EventEnum.options) {
      expect(notificationMessages.fr[event as keyof typeof notificationMessages.fr], event).toBeTruthy();
      expect(notificationMessages.en[event as keyof typeof notificationMessages.en], event).toBeTruthy();
    }
  });

  it("marks some or all read, leaving read ones as they were", () => {
    const list = [notification(1), notification(2), notification(3, { read: true, read_at: "earlier" })];
    const one = markRead(list, [2], "now");
    expect(one.map((n) => n.read)).toEqual([false, true, true]);
    expect(one[2]?.read_at).toBe("earlier");
    expect(markRead(list, "all", "now").every((n) => n.read)).toBe(true);
  });
});

describe("the bell", () => {
  it("says the unread count in its name and badge, and announces a change politely", async () => {
    let unread = 2;
    const bell = createBell("fr", () => Promise.resolve(unread), { href: "/notifications" });
    const header = document.createElement("header");
    header.append(bell.element);
    document.body.append(header);
    expect(bell.element.hidden).toBe(true); // nobody signed in
    bell.setSignedIn(true);
    await settle();
    const link = bell.element.querySelector("a") as HTMLAnchorElement;
    expect(bell.element.hidden).toBe(false);
    expect(header.classList.contains("has-bell")).toBe(true);
    expect(link.getAttribute("href")).toBe("/notifications");
    expect(link.getAttribute("aria-label")).toBe("Notifications, 2 non lues");
    expect(bell.element.querySelector(".bell-count")?.textContent).toBe("2");
    const live = bell.element.querySelector("[aria-live='polite']") as HTMLElement;
    expect(live.textContent).toBe(""); // the first count is not announced
    unread = 3;
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    await settle();
    expect(live.textContent).toBe("3 notifications non lues");
    unread = 0;
    await bell.refresh();
    expect((bell.element.querySelector(".bell-count") as HTMLElement).hidden).toBe(true);
    expect(link.getAttribute("aria-label")).toBe("Notifications");
    bell.setLang("en");
    expect(link.getAttribute("aria-label")).toBe("Notifications");
    bell.setSignedIn(false);
    expect(bell.element.hidden).toBe(true);
    bell.stop();
  });

  it("polls every interval while signed in", async () => {
    vi.useFakeTimers();
    const fetchUnread = vi.fn(() => Promise.resolve(1));
    const bell = createBell("en", fetchUnread, { href: "/notifications", intervalMs: 1000 });
    bell.setSignedIn(true);
    expect(fetchUnread).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(fetchUnread).toHaveBeenCalledTimes(4);
    bell.setSignedIn(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(fetchUnread).toHaveBeenCalledTimes(4);
    bell.stop();
  });
});

describe("the follow button", () => {
  it("shows the state with aria-pressed and toggles it", async () => {
    const sent = fakeServer({
      "GET proposals/5/follow/": { status: 200, body: { following: false, followers: 1 } },
      "PUT proposals/5/follow/": { status: 200, body: { following: true, followers: 2 } },
      "DELETE proposals/5/follow/": { status: 200, body: { following: false, followers: 1 } },
    });
    const announced: string[] = [];
    const element = followButton({
      kind: "proposal",
      id: 5,
      title: "Un banc",
      lang: "fr",
      signedIn: true,
      signInHref: "/connexion",
      announce: (text) => announced.push(text),
    });
    document.body.append(element);
    await settle();
    const button = element.querySelector("button") as HTMLButtonElement;
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(button.textContent).toBe("Suivre");
    expect(element.querySelector(".follow-count")?.textContent).toBe("1 personne suit");
    button.click();
    await settle();
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(button.textContent).toBe("Suivi");
    expect(button.getAttribute("aria-label")).toBe("Suivi — Suivre cette proposition");
    expect(announced).toEqual(["Vous suivez désormais « Un banc »."]);
    button.click();
    await settle();
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(sent.map((s) => s.method)).toEqual(["GET", "PUT", "DELETE"]);
  });

  it("offers to sign in when nobody is", async () => {
    fakeServer({ "GET projects/3/follow/": { status: 200, body: { following: false, followers: 4 } } });
    const element = followButton({
      kind: "project",
      id: 3,
      title: "Jardin",
      lang: "en",
      signedIn: false,
      signInHref: "/connexion?next=%2Fx",
      announce: () => undefined,
    });
    await settle();
    expect(element.querySelector("button")).toBeNull();
    expect(element.querySelector("a")?.getAttribute("href")).toBe("/connexion?next=%2Fx");
    expect(element.querySelector(".follow-count")?.textContent).toBe("4 people follow");
  });
});

describe("the mail preference", () => {
  it("shows the saved choice and saves a new one", async () => {
    const sent = fakeServer({
      "GET notifications/preferences/": { status: 200, body: { digest: "immediate" } },
      "PUT notifications/preferences/": (s) => ({ status: 200, body: s.body }),
    });
    const section = preferencesSection("fr");
    document.body.append(section);
    await settle();
    const radio = (value: string) => section.querySelector(`input[value='${value}']`) as HTMLInputElement;
    expect(radio("immediate").checked).toBe(true);
    expect(section.querySelector("legend")?.textContent).toContain("Quand recevoir");
    radio("daily").checked = true;
    radio("daily").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(sent.at(-1)).toMatchObject({ method: "PUT", body: { digest: "daily" } });
    expect(radio("daily").checked).toBe(true);
    expect(section.querySelector("[role='status']")?.textContent).toBe("Préférence enregistrée.");
  });

  it("goes back to the saved choice when saving fails", async () => {
    fakeServer({
      "GET notifications/preferences/": { status: 200, body: { digest: "never" } },
      "PUT notifications/preferences/": {
        status: 500,
        body: { status: 500, code: "error", message: "x", errors: {} },
      },
    });
    const section = preferencesSection("en");
    await settle();
    const daily = section.querySelector("input[value='daily']") as HTMLInputElement;
    daily.checked = true;
    daily.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect((section.querySelector("input[value='never']") as HTMLInputElement).checked).toBe(true);
    expect(section.querySelector("[role='status']")?.textContent).toBe(
      "The preference could not be saved. Try again.",
    );
  });
});
