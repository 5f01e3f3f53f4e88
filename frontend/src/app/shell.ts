/**
 * The frame every page lives in: a header (brand, navigation that follows who is signed in, the
 * language switch), the <main> a page mounts into, a polite live region, a footer. It owns the
 * history: links inside the application navigate without reloading, the back button works, and
 * each navigation moves the focus to the new page's heading and says its title.
 */
import { createTranslator, loadLang, saveLang, type Lang, type Translator } from "../i18n";
import { localTranslator } from "../i18n/local";
import { notificationsApi } from "../notifications/api";
import { createBell } from "../notifications/bell";
import { h } from "../ui/dom";
import { shellMessages } from "./messages";
import type { PageContext, Unmount } from "./page";
import { allowed, match, pathTo } from "./router";
import { createSession, type Session } from "./session";

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Whether a click on `anchor` should stay in the application (same origin, a page, no modifier). */
export function isAppLink(anchor: HTMLAnchorElement, event: MouseEvent, origin: string): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== "_self") return false;
  if (anchor.hasAttribute("download") || anchor.dataset.external !== undefined) return false;
  const url = new URL(anchor.href, origin);
  if (url.origin !== origin) return false;
  if (/^\/(api|admin|static|media)(\/|$)/.test(url.pathname)) return false;
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash)
    return false;
  return true;
}

/** The phone's menu: `button` shows and hides `panel` (aria-expanded); Escape, a click outside or
 * a link followed closes it, the focus going back to the button when it was inside. */
export function foldingMenu(
  header: HTMLElement,
  button: HTMLButtonElement,
  panel: HTMLElement,
): { open(): void; close(refocus: boolean): void; isOpen(): boolean } {
  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  function open(): void {
    button.setAttribute("aria-expanded", "true");
    header.classList.add("menu-open");
    panel.querySelector<HTMLElement>("a, button")?.focus();
  }
  function close(refocus: boolean): void {
    if (!isOpen()) return;
    const inside = panel.contains(document.activeElement);
    button.setAttribute("aria-expanded", "false");
    header.classList.remove("menu-open");
    if (refocus || inside) button.focus();
  }
  button.addEventListener("click", () => {
    if (isOpen()) close(true);
    else open();
  });
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });
  panel.addEventListener("click", (event) => {
    if ((event.target as Element | null)?.closest("a")) close(false);
  });
  document.addEventListener("click", (event) => {
    if (isOpen() && !header.contains(event.target as Node)) close(false);
  });
  header.addEventListener("focusout", (event) => {
    const next = event.relatedTarget as Node | null;
    if (isOpen() && next && !header.contains(next)) close(false);
  });
  return { open, close, isOpen };
}

export function startShell(root: HTMLElement): void {
  const storage = safeStorage();
  let lang: Lang = loadLang(storage);
  const translators: Record<Lang, Translator> = { fr: createTranslator("fr"), en: createTranslator("en") };
  const session: Session = createSession();
  const st = () => localTranslator(shellMessages, lang);

  // --- the frame ---------------------------------------------------------------------------------
  const skip = h("a", { class: "skip-link", href: "#main" });
  const brand = h("a", { class: "brand-link", href: "/" }, h("span", { class: "brand-name" }, "Belvédère"));
  const tagline = h("span", { class: "brand-tagline" });
  const nav = h("nav", { class: "site-nav", id: "site-nav" });
  const navList = h("ul", { class: "site-nav-list" });
  nav.append(navList);
  const langToggle = h("button", { type: "button", class: "lang-toggle", id: "lang-toggle" });
  // On a phone (≤ 640 px, styles.css) the navigation folds behind this button: one header row.
  const menuToggle = h(
    "button",
    {
      type: "button",
      class: "menu-toggle",
      id: "menu-toggle",
      "aria-expanded": "false",
      "aria-controls": "site-nav",
    },
    h("span", { class: "menu-icon", "aria-hidden": "true" }),
    h("span", { class: "menu-text" }),
  );
  // The bell (signed in): the unread count, a link to the notifications page.
  const bell = createBell(lang, () => notificationsApi.unread(), { href: pathTo("notifications") });
  const header = h(
    "header",
    { class: "site-header" },
    h("div", { class: "brand" }, brand, tagline),
    nav,
    bell.element,
    langToggle,
    menuToggle,
  );
  const menu = foldingMenu(header, menuToggle, nav);
  const main = h("main", { id: "main", class: "page", tabindex: -1 });
  const live = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite", id: "announcer" });
  const footer = h("footer", { class: "site-footer" });
  root.replaceChildren(skip, header, main, live, footer);

  function drawFrame(): void {
    const t = st();
    document.documentElement.lang = lang;
    skip.textContent = t("skip");
    tagline.textContent = translators[lang].t("app.tagline");
    nav.setAttribute("aria-label", t("navLabel"));
    (menuToggle.querySelector(".menu-text") as HTMLElement).textContent = t("menu");
    langToggle.textContent = translators[lang].t("lang.switch");
    // The accessible name starts with the visible text ("EN — Read in English"), so voice
    // control users can say what they see (WCAG 2.5.3).
    langToggle.setAttribute(
      "aria-label",
      `${translators[lang].t("lang.switch")} — ${translators[lang].t("lang.switchLabel")}`,
    );
    langToggle.title = translators[lang].t("lang.switchLabel");
    langToggle.lang = lang === "fr" ? "en" : "fr";
    footer.replaceChildren(`${t("footer")} `, h("a", { href: pathTo("privacy") }, t("privacy")));
    const user = session.user();
    const role = user?.role ?? null;
    bell.setLang(lang);
    bell.setSignedIn(Boolean(user));
    const items: [string, string][] = [
      ["/", t("map")],
      [pathTo("propose"), t("propose")],
      [pathTo("petitions"), t("petitions")],
      [pathTo("vote"), t("vote")],
      [pathTo("results"), t("results")],
      [pathTo("deliveries"), t("deliveries")],
    ];
    if (user) items.push([pathTo("myProposals"), t("myProposals")]);
    if (allowed("official", role)) items.push([pathTo("manage"), t("manage")]);
    if (user) items.push([pathTo("account"), t("account")]);
    else items.push([pathTo("signIn"), t("signIn")]);
    const here = window.location.pathname;
    navList.replaceChildren(
      ...items.map(([href, text]) => {
        const current = href === "/" ? here === "/" : here === href || here.startsWith(`${href}/`);
        return h("li", {}, h("a", { href, "aria-current": current ? "page" : null }, text));
      }),
    );
    if (user) {
      const out = h("button", { type: "button", class: "link-button", id: "sign-out" }, t("signOut"));
      out.addEventListener("click", () => {
        void session.signOut().then(() => {
          announce(st()("signedOut"));
          navigate("/");
        });
      });
      navList.append(h("li", {}, out));
    }
  }

  function announce(text: string): void {
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  // --- pages -------------------------------------------------------------------------------------
  let unmount: Unmount | null = null;
  let controller: AbortController | null = null;
  let langListeners: ((lang: Lang, t: Translator) => void)[] = [];
  let mountedPath: string | null = null;
  let generation = 0;
  let firstPage = true;

  function leave(): void {
    controller?.abort();
    controller = null;
    try {
      unmount?.();
    } finally {
      unmount = null;
      langListeners = [];
    }
  }

  async function show(): Promise<void> {
    const mine = ++generation;
    menu.close(false);
    const path = window.location.pathname;
    const { route, params } = match(path);
    leave();
    mountedPath = path;
    drawFrame();
    const t = st();
    if (!session.store.get().known) await session.refresh().catch(() => null);
    if (mine !== generation) return;
    const role = session.user()?.role ?? null;
    if (!allowed(route.access, role)) {
      if (role === null) {
        const next = `${path}${window.location.search}`;
        navigate(`${pathTo("signIn")}?next=${encodeURIComponent(next)}`, { replace: true });
        return;
      }
      main.replaceChildren(
        h("h1", {}, route.access === "administrator" ? t("forAdministrators") : t("forOfficials")),
      );
      return;
    }
    main.setAttribute("aria-busy", "true");
    let page;
    try {
      page = (await route.load()).default;
    } catch (error) {
      console.error(error);
      if (mine !== generation) return;
      const retry = h("button", { type: "button" }, t("retry"));
      retry.addEventListener("click", () => void show());
      main.replaceChildren(h("p", { role: "alert" }, t("loadFailed")), retry);
      main.removeAttribute("aria-busy");
      return;
    }
    if (mine !== generation) return;
    main.removeAttribute("aria-busy");
    main.replaceChildren();
    main.className = `page page-${route.name}`;
    controller = new AbortController();
    const context: PageContext = {
      params,
      query: new URLSearchParams(window.location.search),
      lang,
      t: translators[lang],
      session,
      navigate,
      replaceQuery(query) {
        const text = query.toString();
        window.history.replaceState(null, "", `${window.location.pathname}${text ? `?${text}` : ""}`);
      },
      onLang(listener) {
        langListeners.push(listener);
      },
      setTitle(title) {
        document.title = `${title} — Belvédère`;
      },
      announce,
      signal: controller.signal,
    };
    unmount = page.mount(main, context) ?? null;
    // Not when the person opened the phone's menu while the page was loading: moving the focus
    // out of it would close it under their finger.
    if (!firstPage && !menu.isOpen()) {
      const heading = main.querySelector<HTMLElement>("h1");
      const target = heading ?? main;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: false });
      announce(document.title);
    }
    firstPage = false;
  }

  function navigate(path: string, options: { replace?: boolean } = {}): void {
    const url = new URL(path, window.location.origin);
    const target = `${url.pathname}${url.search}${url.hash}`;
    if (options.replace) window.history.replaceState(null, "", target);
    else window.history.pushState(null, "", target);
    window.scrollTo(0, 0);
    void show();
  }

  document.addEventListener("click", (event) => {
    const anchor = (event.target as Element | null)?.closest("a");
    if (!anchor || !(anchor instanceof HTMLAnchorElement)) return;
    if (!isAppLink(anchor, event, window.location.origin)) return;
    event.preventDefault();
    navigate(anchor.href);
  });
  window.addEventListener("popstate", () => {
    // A page that keeps its state in the query string (the map) follows the back button itself.
    if (window.location.pathname === mountedPath) return;
    void show();
  });
  langToggle.addEventListener("click", () => {
    lang = lang === "fr" ? "en" : "fr";
    saveLang(storage, lang);
    drawFrame();
    if (langListeners.length) for (const listener of langListeners) listener(lang, translators[lang]);
    else void show();
  });
  session.store.subscribe((state, previous) => {
    if (state.user?.id !== previous.user?.id || state.user?.role !== previous.user?.role) drawFrame();
  });

  void show();
}
