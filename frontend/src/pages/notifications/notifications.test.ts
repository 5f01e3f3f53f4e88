// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { NOTIFICATIONS_CHANGED } from "../../notifications/bell";
import { apiError, fakeServer, settle, testContext } from "../signIn/testContext";
import unsubscribe from "../unsubscribe/index";
import page from "./index";

function notification(id: number, read = false, extra: Record<string, unknown> = {}) {
  return {
    id,
    event: "accepted",
    title: `Proposition ${id}`,
    reason: "Faisable avec la voirie.",
    proposal: id,
    project: null,
    petition: null,
    campaign: 1,
    area: null,
    created_at: "2026-03-02T10:00:00+01:00",
    read_at: read ? "2026-03-03T10:00:00+01:00" : null,
    read,
    ...extra,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("the notifications page", () => {
  it("lists them, marks one then all read and tells the bell", async () => {
    let unread = 2;
    const sent = fakeServer({
      "GET notifications/": {
        status: 200,
        body: {
          count: 3,
          next: null,
          previous: null,
          results: [notification(1), notification(2), notification(3, true)],
        },
      },
      "GET notifications/unread-count/": () => ({ status: 200, body: { unread } }),
      "POST notifications/1/read/": () => {
        unread = 1;
        return { status: 200, body: notification(1, true) };
      },
      "POST notifications/read-all/": { status: 200, body: { marked: 1 } },
    });
    const changed = vi.fn();
    window.addEventListener(NOTIFICATIONS_CHANGED, changed);
    const root = document.createElement("main");
    document.body.append(root);
    const context = testContext();
    page.mount(root, context);
    await settle();
    expect(sent[0]?.query.get("order")).toBe("unread");
    const items = root.querySelectorAll(".notification");
    expect(items).toHaveLength(3);
    expect(root.querySelector("[role='status']")?.textContent).toBe("3 notifications (2 non lues)");
    expect(items[0]?.querySelector("a")?.getAttribute("href")).toBe("/propositions/1");
    expect(items[0]?.textContent).toContain("Recevable");
    expect(items[0]?.textContent).toContain("Faisable avec la voirie.");
    expect(items[2]?.querySelector("button")).toBeNull(); // already read
    const markOne = items[0]?.querySelector("button") as HTMLButtonElement;
    expect(markOne.getAttribute("aria-label")).toBe("Marquer comme lue : Proposition 1");
    markOne.click();
    await settle();
    expect(sent.some((s) => s.method === "POST" && s.path === "notifications/1/read/")).toBe(true);
    expect(root.querySelectorAll(".notification-unread")).toHaveLength(1);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(context.announced).toContain("Notification marquée comme lue.");
    (root.querySelector("#mark-all-read") as HTMLButtonElement).click();
    await settle();
    expect(root.querySelectorAll(".notification-unread")).toHaveLength(0);
    expect((root.querySelector("#mark-all-read") as HTMLElement).hidden).toBe(true);
    expect(changed).toHaveBeenCalledTimes(2);
    window.removeEventListener(NOTIFICATIONS_CHANGED, changed);
  });

  it("orders newest first on request, kept in the address", async () => {
    const sent = fakeServer({
      "GET notifications/": { status: 200, body: { count: 0, next: null, previous: null, results: [] } },
      "GET notifications/unread-count/": { status: 200, body: { unread: 0 } },
    });
    const root = document.createElement("main");
    const context = testContext("", "en");
    page.mount(root, context);
    await settle();
    expect(root.querySelector("[role='status']")?.textContent).toContain("No notifications yet");
    const select = root.querySelector("select") as HTMLSelectElement;
    select.value = "newest";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(
      sent
        .filter((s) => s.path === "notifications/")
        .at(-1)
        ?.query.get("order"),
    ).toBe("newest");
    expect(context.replaced.at(-1)).toBe("ordre=recentes");
  });
});

describe("the unsubscribe page", () => {
  it("says for which address, then unsubscribes without signing in", async () => {
    const sent = fakeServer({
      "GET notifications/unsubscribe/": {
        status: 200,
        body: { email: "l…@example.org", digest: "immediate" },
      },
      "POST notifications/unsubscribe/": { status: 200, body: { email: "l…@example.org", digest: "never" } },
    });
    const root = document.createElement("main");
    unsubscribe.mount(root, testContext("token=abc:def"));
    await settle();
    expect(sent[0]?.query.get("token")).toBe("abc:def");
    expect(root.textContent).toContain(
      "Ne plus recevoir de courriels de notification à l'adresse l…@example.org ?",
    );
    (root.querySelector("#unsubscribe-confirm") as HTMLButtonElement).click();
    await settle();
    expect(sent.at(-1)).toMatchObject({ method: "POST" });
    expect(sent.at(-1)?.query.get("token")).toBe("abc:def");
    expect(root.querySelector(".unsubscribe-status")?.textContent).toContain("C'est fait");
    expect((root.querySelector("#unsubscribe-confirm") as HTMLElement).hidden).toBe(true);
  });

  it("says a bad link is not valid", async () => {
    fakeServer({
      "GET notifications/unsubscribe/": apiError(
        400,
        "invalid_token",
        "This unsubscribe link is not valid.",
        {
          token: ["This unsubscribe link is not valid."],
        },
      ),
    });
    const root = document.createElement("main");
    unsubscribe.mount(root, testContext("token=forged", "en"));
    await settle();
    const status = root.querySelector(".unsubscribe-status") as HTMLElement;
    expect(status.getAttribute("role")).toBe("alert");
    expect(status.textContent).toContain("This unsubscribe link is not valid");
    expect((root.querySelector("#unsubscribe-confirm") as HTMLElement).hidden).toBe(true);
  });
});
