/**
 * The header's bell: a link to the notifications page whose name says how many are unread
 * ("Notifications, 2 unread"), a badge with the number, and a polite live region that says a new
 * count when it changes. It polls the unread count (one indexed count on the server) every minute
 * while the tab is visible and someone is signed in, and again on each page shown, when the tab
 * comes back or when a page says the notifications changed (`NOTIFICATIONS_CHANGED`).
 */
import type { Lang } from "../i18n";
import { localTranslator } from "../i18n/local";
import { h, setText } from "../ui/dom";
import { notificationMessages } from "./messages";
import { badgeText } from "./model";
import "./notifications.css";

export const NOTIFICATIONS_CHANGED = "belvedere:notifications-changed";

export interface Bell {
  element: HTMLElement;
  setLang(lang: Lang): void;
  /** Shown and polling only for someone signed in. */
  setSignedIn(on: boolean): void;
  refresh(): Promise<void>;
  stop(): void;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "22");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute(
    "d",
    "M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z",
  );
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

export function createBell(
  lang: Lang,
  fetchUnread: () => Promise<number>,
  options: { href: string; intervalMs?: number } = { href: "/notifications" },
): Bell {
  let t = localTranslator(notificationMessages, lang);
  let count = 0;
  let known = false;
  let signedIn = false;
  let timer: number | null = null;
  const badge = h("span", { class: "bell-count", "aria-hidden": "true", hidden: true });
  const link = h("a", { class: "bell", id: "notifications-bell", href: options.href }, badge);
  link.prepend(bellIcon());
  const live = h("span", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  const element = h("div", { class: "bell-slot", hidden: true }, link, live);

  function draw(announce: boolean): void {
    const text = badgeText(count);
    setText(badge, text);
    badge.hidden = text === "";
    const name = count === 0 ? t("bell") : count === 1 ? t("bellUnreadOne") : t("bellUnread", { count });
    link.setAttribute("aria-label", name);
    link.title = link.getAttribute("aria-label") ?? "";
    link.classList.toggle("bell-unread", count > 0);
    if (announce) {
      setText(
        live,
        count === 0 ? t("bellNone") : count === 1 ? t("bellCountOne") : t("bellCount", { count }),
      );
    }
  }

  async function refresh(): Promise<void> {
    if (!signedIn) return;
    try {
      const next = await fetchUnread();
      const changed = known && next !== count;
      count = next;
      known = true;
      draw(changed);
    } catch {
      // A missed poll changes nothing: the next one tries again.
    }
  }

  function schedule(): void {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    if (signedIn) {
      timer = window.setInterval(() => {
        if (!document.hidden) void refresh();
      }, options.intervalMs ?? 60_000);
    }
  }

  const onVisible = () => {
    if (!document.hidden) void refresh();
  };
  const onChanged = () => void refresh();
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener(NOTIFICATIONS_CHANGED, onChanged);
  draw(false);

  return {
    element,
    setLang(next) {
      t = localTranslator(notificationMessages, next);
      draw(false);
    },
    setSignedIn(on) {
      if (on === signedIn) {
        if (on) void refresh(); // the shell calls this on every page: the count follows
        return;
      }
      signedIn = on;
      element.hidden = !on;
      element.parentElement?.classList.toggle("has-bell", on);
      known = false;
      count = 0;
      draw(false);
      schedule();
      if (on) void refresh();
    },
    refresh,
    stop() {
      if (timer !== null) window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChanged);
    },
  };
}
